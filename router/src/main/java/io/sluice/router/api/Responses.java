package io.sluice.router.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.json.SluiceJson;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/** Writes JSON answers; the one place that sets the content type of Sluice's own bodies. */
public final class Responses {
    private Responses() {}

    public static Future<Void> json(HttpServerResponse response, int status, JsonNode body) {
        if (response.ended() || response.closed()) {
            return Future.succeededFuture();
        }
        return response.setStatusCode(status)
                .putHeader("content-type", "application/json")
                .end(Buffer.buffer(SluiceJson.toBytes(body)));
    }

    public static Future<Void> error(HttpServerResponse response, ApiError error) {
        return json(response, error.status(), error.toJson());
    }
}

package io.sluice.router.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.json.SluiceJson;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/** Parses request bodies into JSON objects, refusing anything else with an OpenAI-shaped 400. */
public final class JsonBodies {
    private JsonBodies() {}

    public static ObjectNode object(Buffer body) {
        if (body == null || body.length() == 0) {
            throw new ApiException(ApiError.invalidJson("the body is empty"));
        }
        JsonNode node;
        try {
            node = SluiceJson.mapper().readTree(body.getBytes());
        } catch (JsonProcessingException e) {
            throw new ApiException(ApiError.invalidJson(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ApiException(ApiError.invalidJson(e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            throw new ApiException(ApiError.invalidJson("expected a JSON object"));
        }
        return (ObjectNode) node;
    }
}

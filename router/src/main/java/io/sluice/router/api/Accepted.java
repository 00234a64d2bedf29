package io.sluice.router.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/** Answers 202 once Kafka has an event, 503 when it could not take it. */
final class Accepted {
    private Accepted() {}

    static void answer(RoutingContext ctx, Future<Void> acknowledged, String requestId) {
        acknowledged.onComplete(ack -> {
            if (ack.succeeded()) {
                Responses.json(ctx.response(), 202, JsonNodeFactory.instance.objectNode()
                        .put("status", "accepted").put("request_id", requestId));
            } else {
                Responses.error(ctx.response(), ApiError.unavailable(
                        "Sluice could not store the report just now; retry it. (" + ack.cause().getMessage() + ")"));
            }
        });
    }
}

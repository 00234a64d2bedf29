package io.sluice.router.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.event.EventBounds;
import io.sluice.core.event.Reward;
import io.sluice.core.event.SchemaVersion;
import io.sluice.core.event.Signal;
import io.sluice.core.topic.Topic;
import io.sluice.router.events.EventLog;
import io.sluice.router.metrics.RouterMetrics;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;

/**
 * {@code POST /v1/feedback}: an app reports a signal on an answer it got. Accepted means written
 * to Kafka: the 202 is sent only once the broker has acknowledged the reward, so an accepted
 * report is never lost; when Kafka cannot take it the app gets 503 and may retry.
 */
public final class FeedbackHandler {
    private final EventLog events;
    private final RouterMetrics metrics;
    private final Clock clock;

    public FeedbackHandler(EventLog events, RouterMetrics metrics, Clock clock) {
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
    }

    public void handle(RoutingContext ctx) {
        Reward reward;
        try {
            reward = parse(JsonBodies.object(ctx.body().buffer()), ctx.get(ClientAuth.CLIENT));
        } catch (ApiException e) {
            metrics.rejected("feedback", e.error().code());
            Responses.error(ctx.response(), e.error());
            return;
        }
        Accepted.answer(ctx, Future.fromCompletionStage(
                events.publish(Topic.REWARDS, reward.requestId(), reward), ctx.vertx().getOrCreateContext()),
                reward.requestId());
    }

    Reward parse(ObjectNode body, String client) {
        FieldCheck.onlyKnown(body, "request_id", "signal", "value", "timestamp");
        String requestId = FieldCheck.requestId(body);
        String signalName = FieldCheck.requiredString(body, "signal", 64);
        Signal signal = Signal.fromWireName(signalName).filter(Signal::reportable).orElseThrow(() -> new ApiException(
                ApiError.invalidField("signal", "expected one of thumbs_up, thumbs_down, copy, retry, continued, "
                        + "resolved, score; was '" + signalName + "'")));
        JsonNode valueNode = body.get("value");
        Double value = null;
        if (signal.carriesValue()) {
            if (valueNode == null || valueNode.isNull()) {
                throw new ApiException(ApiError.missingField("value"));
            }
            if (!valueNode.isNumber() || !Double.isFinite(valueNode.asDouble())) {
                throw new ApiException(ApiError.invalidField("value", "expected a finite number"));
            }
            if (Math.abs(valueNode.asDouble()) > EventBounds.MAX_ABS_SCORE) {
                throw new ApiException(ApiError.invalidField("value", "must be within ±1e9, was "
                        + valueNode.asText()));
            }
            value = valueNode.asDouble();
        } else if (valueNode != null && !valueNode.isNull()) {
            throw new ApiException(ApiError.invalidField("value", "only the score signal carries a value"));
        }
        Instant now = clock.instant();
        Instant occurredAt = FieldCheck.timestamp(body, now);
        return new Reward(SchemaVersion.CURRENT, requestId, signal, value, occurredAt, now, client);
    }

}

package io.sluice.router.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.event.Label;
import io.sluice.core.event.SchemaVersion;
import io.sluice.core.judge.RubricScale;
import io.sluice.core.topic.Topic;
import io.sluice.router.events.EventLog;
import io.sluice.router.metrics.RouterMetrics;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code POST /v1/labels}: an annotator grades an answer on the judge rubric's ordinal scale. As
 * with feedback, 202 means Kafka has it.
 */
public final class LabelsHandler {
    private final EventLog events;
    private final RouterMetrics metrics;
    private final Clock clock;
    private final Supplier<Optional<RubricScale>> scale;

    /** @param scale the scale every accepted label must be on: the rubrics of the experiments served */
    public LabelsHandler(EventLog events, RouterMetrics metrics, Clock clock, Supplier<Optional<RubricScale>> scale) {
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
        this.scale = scale;
    }

    public void handle(RoutingContext ctx) {
        Label label;
        try {
            label = parse(JsonBodies.object(ctx.body().buffer()), ctx.get(ClientAuth.CLIENT));
        } catch (ApiException e) {
            metrics.rejected("labels", e.error().code());
            Responses.error(ctx.response(), e.error());
            return;
        }
        Accepted.answer(ctx, Future.fromCompletionStage(
                events.publish(Topic.LABELS, label.requestId(), label), ctx.vertx().getOrCreateContext()),
                label.requestId());
    }

    Label parse(ObjectNode body, String client) {
        FieldCheck.onlyKnown(body, "request_id", "annotator", "label");
        String requestId = FieldCheck.requestId(body);
        String annotator = FieldCheck.requiredString(body, "annotator", FieldCheck.MAX_ID_LENGTH);
        JsonNode value = body.get("label");
        if (value == null || value.isNull()) {
            throw new ApiException(ApiError.missingField("label"));
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new ApiException(ApiError.invalidField("label", "expected an integer grade on the rubric's scale"));
        }
        int grade = value.asInt();
        RubricScale accepted = scale.get().orElseThrow(() -> new ApiException(ApiError.invalidField("label",
                "no experiment served here has a judge rubric, so there is no scale to grade on")));
        if (!accepted.contains(grade)) {
            throw new ApiException(ApiError.invalidField("label", "expected an integer grade on the rubric's scale, "
                    + "between " + accepted.min() + " and " + accepted.max() + "; got " + grade));
        }
        return new Label(SchemaVersion.CURRENT, requestId, annotator, grade, clock.instant(), client);
    }
}

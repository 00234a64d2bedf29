package io.sluice.router.api;

import io.sluice.core.assignment.Decision;
import io.sluice.core.assignment.RequestSampling;
import io.sluice.core.config.UnknownModelPolicy;
import io.sluice.core.event.Exposure;
import io.sluice.core.event.SchemaVersion;
import io.sluice.core.event.Trace;
import io.sluice.core.event.TraceMessage;
import io.sluice.core.experiment.ArmSpec;
import io.sluice.core.experiment.ExperimentSpec;
import io.sluice.core.json.SluiceJson;
import io.sluice.core.topic.Topic;
import io.sluice.router.chat.ArmRewrite;
import io.sluice.router.chat.ChatRequest;
import io.sluice.router.chat.ChatRequestParser;
import io.sluice.router.chat.UnitResolver;
import io.sluice.router.events.EventLog;
import io.sluice.router.experiment.ExperimentRegistry;
import io.sluice.router.experiment.LiveExperiment;
import io.sluice.router.experiment.StickyAssignments;
import io.sluice.core.bandit.SplittableRandomGenerator;
import io.sluice.router.metrics.RouterMetrics;
import io.sluice.router.upstream.CompletionRelay;
import io.sluice.router.upstream.RelayResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/chat/completions}: validate, decide the arm, rewrite, relay, and log the
 * decision. Nothing reaches a topic for a request refused before the decision.
 */
public final class ChatCompletionsHandler {
    private static final ThreadLocal<SplittableRandomGenerator> RANDOM =
            ThreadLocal.withInitial(SplittableRandomGenerator::new);

    private final ExperimentRegistry experiments;
    private final StickyAssignments assignments;
    private final CompletionRelay relay;
    private final EventLog events;
    private final RouterMetrics metrics;
    private final UnknownModelPolicy unknownModels;
    private final Clock clock;

    public ChatCompletionsHandler(ExperimentRegistry experiments, StickyAssignments assignments,
            CompletionRelay relay, EventLog events, RouterMetrics metrics, UnknownModelPolicy unknownModels,
            Clock clock) {
        this.experiments = experiments;
        this.assignments = assignments;
        this.relay = relay;
        this.events = events;
        this.metrics = metrics;
        this.unknownModels = unknownModels;
        this.clock = clock;
    }

    public void handle(RoutingContext ctx) {
        String requestId = RequestIds.next();
        HttpServerResponse response = ctx.response().putHeader(SluiceHeaders.REQUEST_ID, requestId);
        Buffer raw = ctx.body().buffer();
        try {
            ChatRequest request = ChatRequestParser.parse(raw);
            LiveExperiment experiment = experiments.find(request.model()).orElse(null);
            if (experiment == null) {
                unknownModel(response, request, raw);
                return;
            }
            ExperimentSpec spec = experiment.spec();
            String unit = UnitResolver.resolve(spec.name(), spec.unit(), ctx.request().headers(), request, requestId);
            Decision decision = experiment.decide(unit, assignments, RANDOM.get());
            ArmSpec arm = experiment.arm(decision.arm());
            ObjectNode upstreamBody = ArmRewrite.apply(request.body(), arm);
            response.putHeader(SluiceHeaders.EXPERIMENT, spec.name()).putHeader(SluiceHeaders.ARM, arm.name());
            Instant decidedAt = clock.instant();
            long started = System.nanoTime();
            relay.relay(response, Buffer.buffer(SluiceJson.toBytes(upstreamBody)), request.stream())
                    .onSuccess(result -> logDecision(requestId, spec, arm, unit, decision, request, upstreamBody,
                            decidedAt, Duration.ofNanos(System.nanoTime() - started), result));
        } catch (ApiException e) {
            metrics.rejected("chat_completions", e.error().code());
            Responses.error(response, e.error());
        }
    }

    private void unknownModel(HttpServerResponse response, ChatRequest request, Buffer raw) {
        if (unknownModels == UnknownModelPolicy.PASSTHROUGH) {
            relay.relay(response, raw, request.stream()).onSuccess(result -> metrics.passthrough(result.outcome()));
            return;
        }
        throw new ApiException(ApiError.notFound("The model '" + request.model()
                + "' does not exist: it names no experiment of this router.", "model", "model_not_found"));
    }

    private void logDecision(String requestId, ExperimentSpec spec, ArmSpec arm, String unit, Decision decision,
            ChatRequest request, ObjectNode upstreamBody, Instant decidedAt, Duration latency, RelayResult result) {
        Exposure exposure = new Exposure(SchemaVersion.CURRENT, requestId, spec.name(), arm.name(), spec.unit(), unit,
                decision.propensity(), spec.policy().type(), decision.policyVersion(), decision.inExperiment(),
                arm.model(), request.stream(), decidedAt, result.outcome(), result.status(), latency.toMillis(),
                result.summary().promptTokens(), result.summary().completionTokens());
        events.publish(Topic.EXPOSURES, requestId, exposure);
        if (result.status() < 300 && result.outcome() == io.sluice.core.event.CallOutcome.OK
                && RequestSampling.traced(spec, requestId)) {
            Trace trace = new Trace(SchemaVersion.CURRENT, requestId, spec.name(), arm.name(), arm.model(), decidedAt,
                    messages(upstreamBody), result.summary().content(), result.summary().finishReason(),
                    result.summary().promptTokens(), result.summary().completionTokens(), latency.toMillis());
            events.publish(Topic.TRACES, requestId, trace);
        }
        metrics.decision(spec.name(), arm.name(), result.outcome(), latency);
    }

    /** The messages as the upstream saw them, multi-part contents flattened to their text. */
    private static List<TraceMessage> messages(ObjectNode body) {
        List<TraceMessage> out = new ArrayList<>();
        for (JsonNode message : body.path("messages")) {
            JsonNode content = message.path("content");
            String text;
            if (content.isTextual()) {
                text = content.asText();
            } else {
                StringBuilder parts = new StringBuilder();
                for (JsonNode part : content) {
                    if (part.path("text").isTextual()) {
                        parts.append(part.path("text").asText());
                    }
                }
                text = parts.toString();
            }
            out.add(new TraceMessage(message.path("role").asText(), text));
        }
        return out;
    }
}

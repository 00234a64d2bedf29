package io.sluice.router.api;

import io.sluice.core.assignment.Decision;
import io.sluice.core.assignment.RequestSampling;
import io.sluice.core.config.UnknownModelPolicy;
import io.sluice.core.event.Exposure;
import io.sluice.core.event.SchemaVersion;
import io.sluice.core.event.Trace;
import io.sluice.core.experiment.ArmSpec;
import io.sluice.core.experiment.ExperimentSpec;
import io.sluice.core.json.SluiceJson;
import io.sluice.core.topic.Topic;
import io.sluice.router.answer.ApiFormat;
import io.sluice.router.answer.ModelRequest;
import io.sluice.router.unit.RandomizationUnit;
import io.sluice.router.unit.UnitResolver;
import io.sluice.router.events.EventLog;
import io.sluice.router.experiment.ExperimentRegistry;
import io.sluice.router.experiment.LiveExperiment;
import io.sluice.router.experiment.StickyAssignments;
import io.sluice.core.bandit.SplittableRandomGenerator;
import io.sluice.router.metrics.RouterMetrics;
import io.sluice.router.upstream.CompletionRelay;
import io.sluice.router.upstream.RelayResult;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code POST /v1/chat/completions} and {@code POST /v1/responses}, one instance per
 * {@link ApiFormat}: validate, find the unit, decide the arm, rewrite, relay, and log the
 * decision. Nothing reaches a topic for a request refused before the decision.
 */
public final class ModelCallHandler {
    private static final ThreadLocal<SplittableRandomGenerator> RANDOM =
            ThreadLocal.withInitial(SplittableRandomGenerator::new);

    private final ApiFormat format;
    private final ExperimentRegistry experiments;
    private final StickyAssignments assignments;
    private final CompletionRelay relay;
    private final EventLog events;
    private final RouterMetrics metrics;
    private final UnknownModelPolicy unknownModels;
    private final Clock clock;

    public ModelCallHandler(ApiFormat format, ExperimentRegistry experiments, StickyAssignments assignments,
            CompletionRelay relay, EventLog events, RouterMetrics metrics, UnknownModelPolicy unknownModels,
            Clock clock) {
        this.format = format;
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
            ModelRequest request = format.parse(raw);
            LiveExperiment experiment = experiments.find(request.model()).orElse(null);
            if (experiment == null) {
                unknownModel(response, request, raw);
                return;
            }
            ExperimentSpec spec = experiment.spec();
            RandomizationUnit unit = UnitResolver.resolve(spec, ctx.request().headers(), request.body(), requestId);
            Decision decision = experiment.decide(unit, assignments, RANDOM.get());
            ArmSpec arm = experiment.arm(decision.arm());
            ObjectNode upstreamBody = format.rewrite(request.body(), arm);
            response.putHeader(SluiceHeaders.EXPERIMENT, spec.name()).putHeader(SluiceHeaders.ARM, arm.name());
            Instant decidedAt = clock.instant();
            long started = System.nanoTime();
            relay.relay(response, Buffer.buffer(SluiceJson.toBytes(upstreamBody)), request.stream(), format, requestId)
                    .onSuccess(result -> logDecision(requestId, spec, arm, unit, decision, request, upstreamBody,
                            decidedAt, Duration.ofNanos(System.nanoTime() - started),
                            result.firstChunkNanos() == 0 ? null : (result.firstChunkNanos() - started) / 1_000_000,
                            result, ctx.<String>get(ClientAuth.CLIENT)));
        } catch (ApiException e) {
            metrics.rejected(format.endpoint(), e.error().code());
            Responses.error(response, e.error());
        }
    }

    private void unknownModel(HttpServerResponse response, ModelRequest request, Buffer raw) {
        if (unknownModels == UnknownModelPolicy.PASSTHROUGH) {
            relay.relay(response, raw, request.stream(), format, null).onSuccess(result -> metrics.passthrough(result.outcome()));
            return;
        }
        throw new ApiException(ApiError.notFound("The model '" + request.model()
                + "' does not exist: it names no experiment of this router.", "model", "model_not_found"));
    }

    private void logDecision(String requestId, ExperimentSpec spec, ArmSpec arm, RandomizationUnit unit,
            Decision decision, ModelRequest request, ObjectNode upstreamBody, Instant decidedAt, Duration latency,
            Long ttftMs, RelayResult result, String client) {
        Exposure exposure = new Exposure(SchemaVersion.CURRENT, requestId, spec.name(), arm.name(), unit.type(), unit.id(),
                decision.propensity(), spec.policy().type(), decision.policyVersion(), decision.inExperiment(),
                arm.model(), request.stream(), decidedAt, result.outcome(), result.status(), latency.toMillis(),
                result.summary().promptTokens(), result.summary().completionTokens(), client, ttftMs);
        events.publish(Topic.EXPOSURES, requestId, exposure);
        if (result.status() < 300 && result.outcome() == io.sluice.core.event.CallOutcome.OK
                && RequestSampling.traced(spec, requestId)) {
            Trace trace = new Trace(SchemaVersion.CURRENT, requestId, spec.name(), arm.name(), arm.model(), decidedAt,
                    format.traceMessages(upstreamBody), result.summary().content(), result.summary().finishReason(),
                    result.summary().promptTokens(), result.summary().completionTokens(), latency.toMillis());
            events.publish(Topic.TRACES, requestId, trace);
        }
        metrics.decision(spec.name(), arm.name(), result.outcome(), latency);
        if (unit.type() != spec.unit()) {
            metrics.unitFallback(spec.name(), unit.type());
        }
    }

}

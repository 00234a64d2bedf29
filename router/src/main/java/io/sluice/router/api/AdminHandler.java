package io.sluice.router.api;

import io.sluice.core.control.ExperimentControls;
import io.sluice.core.event.Control;
import io.sluice.core.event.ControlAction;
import io.sluice.core.event.SchemaVersion;
import io.vertx.core.buffer.Buffer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.sluice.core.bandit.ThompsonPolicy;
import io.sluice.core.config.ConfigException;
import io.sluice.core.event.PosteriorSnapshot;
import io.sluice.core.experiment.ArmSpec;
import io.sluice.core.experiment.ExperimentSpec;
import io.sluice.core.experiment.ExperimentSpecReader;
import io.sluice.core.json.SluiceJson;
import io.sluice.core.posterior.ArmPosterior;
import io.sluice.core.topic.Topic;
import io.sluice.router.events.EventLog;
import io.sluice.router.experiment.ExperimentRegistry;
import io.sluice.router.experiment.LiveExperiment;
import io.sluice.router.experiment.PosteriorBoard;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The admin API (behind {@link AdminAuth}): the experiments as this router serves them, with each
 * arm's posterior, current probability of being chosen and controls; replacing a spec; pausing
 * and resuming an arm, rolling an experiment back to its control arm and restoring it. A replaced spec
 * is written to the {@code experiments} topic first — every router and job follows it — and
 * served here once Kafka has it.
 */
public final class AdminHandler {
    private static final YAMLMapper YAML = new YAMLMapper();
    /** Who a control from this API was issued by, on the topic. */
    static final String ADMIN = "admin";
    private static final int MAX_REASON = 500;

    private final ExperimentRegistry experiments;
    private final PosteriorBoard posteriors;
    private final EventLog events;
    private final Clock clock;

    public AdminHandler(ExperimentRegistry experiments, PosteriorBoard posteriors, EventLog events, Clock clock) {
        this.experiments = experiments;
        this.posteriors = posteriors;
        this.events = events;
        this.clock = clock;
    }

    public void list(RoutingContext ctx) {
        ObjectNode list = JsonNodeFactory.instance.objectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        experiments.all().forEach(e -> data.add(view(e)));
        Responses.json(ctx.response(), 200, list);
    }

    public void show(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        Optional<LiveExperiment> experiment = experiments.find(name);
        if (experiment.isEmpty()) {
            Responses.error(ctx.response(), ApiError.notFound("No experiment '" + name + "'.", "name",
                    "experiment_not_found"));
            return;
        }
        Responses.json(ctx.response(), 200, view(experiment.get()));
    }

    public void replace(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        ExperimentSpec spec;
        try {
            spec = parse(ctx, name);
        } catch (ApiException e) {
            Responses.error(ctx.response(), e.error());
            return;
        }
        Future.fromCompletionStage(events.publish(Topic.EXPERIMENTS, spec.name(), spec),
                        ctx.vertx().getOrCreateContext())
                .onSuccess(ack -> {
                    experiments.put(spec);
                    Responses.json(ctx.response(), 200, view(experiments.find(name).orElseThrow()));
                })
                .onFailure(e -> Responses.error(ctx.response(), ApiError.unavailable(
                        "The spec could not be written to Kafka; nothing changed. (" + e.getMessage() + ")")));
    }

    /** {@code POST /admin/experiments/{name}/arms/{arm}/pause}. */
    public void pause(RoutingContext ctx) {
        control(ctx, ControlAction.PAUSE);
    }

    /** {@code POST /admin/experiments/{name}/arms/{arm}/resume}. */
    public void resume(RoutingContext ctx) {
        control(ctx, ControlAction.RESUME);
    }

    /** {@code POST /admin/experiments/{name}/rollback}. */
    public void rollback(RoutingContext ctx) {
        control(ctx, ControlAction.ROLLBACK);
    }

    /** {@code POST /admin/experiments/{name}/restore}. */
    public void restore(RoutingContext ctx) {
        control(ctx, ControlAction.RESTORE);
    }

    /**
     * Writes a control to the {@code controls} topic, which every router and the guardrails job
     * follow, and puts it in force here once Kafka has it. The body may give a {@code reason}.
     */
    private void control(RoutingContext ctx, ControlAction action) {
        String name = ctx.pathParam("name");
        Optional<LiveExperiment> found = experiments.find(name);
        if (found.isEmpty()) {
            Responses.error(ctx.response(), ApiError.notFound("No experiment '" + name + "'.", "name",
                    "experiment_not_found"));
            return;
        }
        ExperimentSpec spec = found.get().spec();
        String arm = action.aboutAnArm() ? ctx.pathParam("arm") : null;
        Control control;
        try {
            if (arm != null && spec.arm(arm).isEmpty()) {
                throw new ApiException(ApiError.notFound("Experiment '" + name + "' has no arm '" + arm + "'.", "arm",
                        "arm_not_found"));
            }
            if (action == ControlAction.PAUSE && arm.equals(spec.controlArm())) {
                throw new ApiException(ApiError.invalidRequest("'" + arm + "' is the control arm of '" + name
                        + "' and cannot be paused; roll the experiment back instead.", "arm", "control_arm"));
            }
            control = new Control(SchemaVersion.CURRENT, name, arm, action, reason(ctx, action), ADMIN,
                    clock.instant());
        } catch (ApiException e) {
            Responses.error(ctx.response(), e.error());
            return;
        }
        Future.fromCompletionStage(events.publish(Topic.CONTROLS, control.key(), control),
                        ctx.vertx().getOrCreateContext())
                .onSuccess(ack -> {
                    experiments.control(control);
                    Responses.json(ctx.response(), 200, view(experiments.find(name).orElseThrow()));
                })
                .onFailure(e -> Responses.error(ctx.response(), ApiError.unavailable(
                        "The control could not be written to Kafka; nothing changed. (" + e.getMessage() + ")")));
    }

    private static String reason(RoutingContext ctx, ControlAction action) {
        Buffer body = ctx.body() == null ? null : ctx.body().buffer();
        if (body == null || body.length() == 0) {
            return action.wireName() + " by an operator";
        }
        JsonNode reason = JsonBodies.object(body).get("reason");
        if (reason == null || reason.isNull()) {
            return action.wireName() + " by an operator";
        }
        if (!reason.isTextual() || reason.asText().isBlank() || reason.asText().length() > MAX_REASON) {
            throw new ApiException(ApiError.invalidField("reason", "must be a non-empty string of at most "
                    + MAX_REASON + " characters"));
        }
        return reason.asText();
    }

    private static ExperimentSpec parse(RoutingContext ctx, String name) {
        String contentType = Optional.ofNullable(ctx.request().getHeader("content-type")).orElse("");
        JsonNode body;
        if (contentType.contains("yaml")) {
            try {
                body = YAML.readTree(ctx.body().buffer().getBytes());
            } catch (IOException e) {
                throw new ApiException(ApiError.invalidJson("not valid YAML: " + e.getMessage()));
            }
            if (body == null || !body.isObject()) {
                throw new ApiException(ApiError.invalidJson("expected a YAML mapping"));
            }
        } else {
            body = JsonBodies.object(ctx.body().buffer());
        }
        ObjectNode object = (ObjectNode) body;
        JsonNode given = object.get("name");
        if (given == null || given.isNull()) {
            object.put("name", name);
        } else if (!given.isTextual() || !given.asText().equals(name)) {
            throw new ApiException(ApiError.invalidField("name", "must be '" + name + "', the experiment in the path"));
        }
        try {
            return ExperimentSpecReader.fromJson(object, "experiment " + name);
        } catch (ConfigException e) {
            String first = e.errors().get(0).path();
            throw new ApiException(ApiError.invalidRequest(e.getMessage(), first.isEmpty() ? null : first,
                    "invalid_experiment"));
        }
    }

    private ObjectNode view(LiveExperiment experiment) {
        ExperimentSpec spec = experiment.spec();
        ObjectNode view = JsonNodeFactory.instance.objectNode();
        view.set("spec", SluiceJson.mapper().valueToTree(spec));
        view.put("revision", spec.revision());
        Optional<ThompsonPolicy> policy = experiment.thompson();
        view.put("policy_version", experiment.policyVersion());
        ExperimentControls controls = experiment.controls();
        ObjectNode controlView = view.putObject("controls");
        controls.paused().forEach(controlView.putArray("paused_arms")::add);
        controlView.put("rolled_back", controls.rolledBack());
        view.put("traffic", experiment.traffic());
        if (spec.rollout() != null) {
            ObjectNode rollout = view.putObject("rollout").put("step", controls.rolloutStep())
                    .put("traffic", experiment.traffic());
            spec.rollout().steps().forEach(rollout.putArray("steps")::add);
        }
        Map<String, PosteriorSnapshot> held = posteriors.of(spec.name());
        ArrayNode arms = view.putArray("arms");
        for (ArmSpec arm : spec.arms()) {
            ObjectNode a = arms.addObject().put("name", arm.name()).put("model", arm.model())
                    .put("paused", controls.isPaused(arm.name()))
                    .put("propensity", experiment.propensity(arm.name()));
            PosteriorSnapshot snapshot = held.get(arm.name());
            ArmPosterior posterior = snapshot != null ? ArmPosterior.of(snapshot) : ArmPosterior.prior(spec);
            ObjectNode p = a.putObject("posterior")
                    .put("version", snapshot == null ? 0 : snapshot.version())
                    .put("observations", posterior.observations())
                    .put("expected_reward", posterior.expectedReward());
            if (snapshot != null) {
                p.put("updated_at", snapshot.updatedAt().toString());
            }
        }
        view.put("as_of", clock.instant().toString());
        return view;
    }
}

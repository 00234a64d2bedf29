package io.sluice.router.api;

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
 * arm's posterior and current probability of being chosen, and replacing a spec. A replaced spec
 * is written to the {@code experiments} topic first — every router and job follows it — and
 * served here once Kafka has it.
 */
public final class AdminHandler {
    private static final YAMLMapper YAML = new YAMLMapper();

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
        policy.ifPresent(p -> view.put("policy_version", p.policyVersion()));
        Map<String, PosteriorSnapshot> held = posteriors.of(spec.name());
        ArrayNode arms = view.putArray("arms");
        for (ArmSpec arm : spec.arms()) {
            ObjectNode a = arms.addObject().put("name", arm.name()).put("model", arm.model());
            policy.ifPresent(p -> a.put("propensity", p.propensity(arm.name())));
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

package io.sluice.router.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.router.experiment.ExperimentRegistry;
import io.sluice.router.experiment.LiveExperiment;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;

/** {@code GET /v1/models} and {@code GET /v1/models/{id}}: the experiments, as the models an app may name. */
public final class ModelsHandler {
    private final ExperimentRegistry experiments;
    private final long created;

    public ModelsHandler(ExperimentRegistry experiments, Instant started) {
        this.experiments = experiments;
        this.created = started.getEpochSecond();
    }

    public void list(RoutingContext ctx) {
        ObjectNode list = JsonNodeFactory.instance.objectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        for (LiveExperiment experiment : experiments.all()) {
            data.add(model(experiment.spec().name()));
        }
        Responses.json(ctx.response(), 200, list);
    }

    public void retrieve(RoutingContext ctx) {
        String id = ctx.pathParam("model");
        if (experiments.find(id).isEmpty()) {
            Responses.error(ctx.response(), ApiError.notFound("The model '" + id
                    + "' does not exist: it names no experiment of this router.", "model", "model_not_found"));
            return;
        }
        Responses.json(ctx.response(), 200, model(id));
    }

    private ObjectNode model(String id) {
        return JsonNodeFactory.instance.objectNode()
                .put("id", id)
                .put("object", "model")
                .put("created", created)
                .put("owned_by", "sluice");
    }
}

package io.sluice.router.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.router.experiment.ExperimentRegistry;
import io.sluice.router.experiment.LiveExperiment;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;

/** {@code GET /v1/models}: the experiments, as the models an app may name. */
public final class ModelsHandler {
    private final ExperimentRegistry experiments;
    private final long created;

    public ModelsHandler(ExperimentRegistry experiments, Instant started) {
        this.experiments = experiments;
        this.created = started.getEpochSecond();
    }

    public void handle(RoutingContext ctx) {
        ObjectNode list = JsonNodeFactory.instance.objectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        for (LiveExperiment experiment : experiments.all()) {
            data.addObject()
                    .put("id", experiment.spec().name())
                    .put("object", "model")
                    .put("created", created)
                    .put("owned_by", "sluice");
        }
        Responses.json(ctx.response(), 200, list);
    }
}

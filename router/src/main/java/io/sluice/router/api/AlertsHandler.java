package io.sluice.router.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.event.Alert;
import io.sluice.core.event.AlertKind;
import io.sluice.core.json.SluiceJson;
import io.sluice.router.experiment.RecentAlerts;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.function.Predicate;

/**
 * {@code GET /v1/alerts}: recent alerts, newest first, optionally for one experiment
 * ({@code ?experiment=}) or of one kind ({@code ?kind=judge_drift}), at most {@code ?limit=}
 * (default 50, at most 1000).
 */
public final class AlertsHandler {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    private final RecentAlerts alerts;

    public AlertsHandler(RecentAlerts alerts) {
        this.alerts = alerts;
    }

    public void handle(RoutingContext ctx) {
        Predicate<Alert> filter = a -> true;
        String experiment = ctx.queryParams().get("experiment");
        if (experiment != null) {
            filter = filter.and(a -> a.experiment().equals(experiment));
        }
        String kind = ctx.queryParams().get("kind");
        if (kind != null) {
            AlertKind wanted = Arrays.stream(AlertKind.values())
                    .filter(k -> k.name().equalsIgnoreCase(kind)).findFirst()
                    .orElse(null);
            if (wanted == null) {
                Responses.error(ctx.response(), ApiError.invalidField("kind", "expected one of judge_drift, "
                        + "judge_recovered, guardrail_breach, guardrail_recovered, sample_ratio_mismatch"));
                return;
            }
            filter = filter.and(a -> a.kind() == wanted);
        }
        int limit = DEFAULT_LIMIT;
        String limitParam = ctx.queryParams().get("limit");
        if (limitParam != null) {
            try {
                limit = Integer.parseInt(limitParam);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                Responses.error(ctx.response(), ApiError.invalidField("limit",
                        "expected an integer in [1, " + MAX_LIMIT + "]"));
                return;
            }
        }
        ObjectNode list = JsonNodeFactory.instance.objectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        alerts.newest(filter, limit).forEach(a -> data.add(SluiceJson.mapper().valueToTree(a)));
        Responses.json(ctx.response(), 200, list);
    }
}

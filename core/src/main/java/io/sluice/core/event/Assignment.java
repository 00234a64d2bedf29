package io.sluice.core.event;

import java.time.Instant;

/**
 * The first Thompson assignment of a unit, remembered so that the unit keeps its arm for the
 * rest of the experiment — across restarts and across router instances.
 */
public record Assignment(
        int schemaVersion,
        String experiment,
        String unit,
        String arm,
        double propensity,
        String policyVersion,
        String router,
        Instant assignedAt) {

    public Assignment {
        SchemaVersion.require(schemaVersion, "assignment");
        Required.text(experiment, "experiment");
        Required.text(unit, "unit");
        Required.text(arm, "arm");
        Required.probability(propensity, "propensity");
        Required.text(policyVersion, "policy_version");
        Required.text(router, "router");
        EventBounds.eventTime(assignedAt, "assigned_at");
    }

    public String key() {
        return keyOf(experiment, unit);
    }

    public static String keyOf(String experiment, String unit) {
        return experiment + "/" + unit;
    }
}

package io.sluice.core.event;

import java.time.Instant;

/**
 * An instruction to the routers, from a guardrail or an operator, on the compacted
 * {@code controls} topic. Its key is the thing it is about, so compaction keeps the state of each:
 * {@code experiment/arm} for a pause or resume, {@code experiment} for a rollback or restore.
 *
 * @param arm the arm paused or resumed; null for a rollback or restore
 */
public record Control(
        int schemaVersion,
        String experiment,
        String arm,
        ControlAction action,
        String reason,
        String issuedBy,
        Instant issuedAt) {

    public Control {
        SchemaVersion.require(schemaVersion, "control");
        Required.text(experiment, "experiment");
        Required.present(action, "action");
        if (action.aboutAnArm()) {
            Required.text(arm, "arm");
        } else if (arm != null) {
            throw new IllegalArgumentException("arm: a " + action.wireName() + " is about the whole experiment");
        }
        Required.text(reason, "reason");
        Required.text(issuedBy, "issued_by");
        Required.present(issuedAt, "issued_at");
    }

    public String key() {
        return arm == null ? experiment : experiment + "/" + arm;
    }
}

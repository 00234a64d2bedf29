package io.sluice.core.event;

import java.time.Instant;

/**
 * An instruction to the routers, from a guardrail or an operator, on the compacted
 * {@code controls} topic. Its key is the thing it is about, so compaction keeps the state of each:
 * {@code experiment/arm} for a pause or resume, {@code experiment} for a rollback or restore,
 * {@code experiment/@rollout} for an advance.
 *
 * @param arm the arm paused or resumed; null for a rollback, restore or advance
 * @param step the rollout step an advance moves to (0 is the first); null for the other actions
 */
public record Control(
        int schemaVersion,
        String experiment,
        String arm,
        ControlAction action,
        String reason,
        String issuedBy,
        Instant issuedAt,
        Integer step) {

    /** A control that moves no rollout. */
    public Control(int schemaVersion, String experiment, String arm, ControlAction action, String reason,
            String issuedBy, Instant issuedAt) {
        this(schemaVersion, experiment, arm, action, reason, issuedBy, issuedAt, null);
    }

    /** The most steps a rollout may have, less one. */
    public static final int MAX_STEP = 99;

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
        if (action == ControlAction.ADVANCE) {
            if (step == null || step < 0 || step > MAX_STEP) {
                throw new IllegalArgumentException("step: an advance names a rollout step in [0, " + MAX_STEP + "]");
            }
        } else if (step != null) {
            throw new IllegalArgumentException("step: only an advance names a rollout step");
        }
    }

    public String key() {
        if (action == ControlAction.ADVANCE) {
            return experiment + "/@rollout";
        }
        return arm == null ? experiment : experiment + "/" + arm;
    }
}

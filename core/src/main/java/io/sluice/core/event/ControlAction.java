package io.sluice.core.event;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a control tells the routers: about one arm, or about the whole experiment. */
public enum ControlAction {
    /** Stop sending units to the arm; units already on it move to the remaining arms. */
    @JsonProperty("pause") PAUSE(true),
    /** Lift a pause. */
    @JsonProperty("resume") RESUME(true),
    /** Serve the control arm to everyone, outside the experiment, until restored. */
    @JsonProperty("rollback") ROLLBACK(false),
    /** Lift a rollback: the experiment's policy decides again. */
    @JsonProperty("restore") RESTORE(false),
    /** Move the experiment's rollout to the step the control names (its traffic fraction). */
    @JsonProperty("advance") ADVANCE(false);

    private final boolean aboutAnArm;

    ControlAction(boolean aboutAnArm) {
        this.aboutAnArm = aboutAnArm;
    }

    /** Whether the control names an arm (pause, resume) or the experiment (rollback, restore). */
    public boolean aboutAnArm() {
        return aboutAnArm;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

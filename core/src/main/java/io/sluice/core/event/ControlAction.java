package io.sluice.core.event;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What an arm control tells the routers. */
public enum ControlAction {
    /** Stop sending new units to the arm; units already on it move to the control arm. */
    @JsonProperty("pause") PAUSE,
    /** Lift a pause. */
    @JsonProperty("resume") RESUME
}

package io.sluice.core.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a sustained guardrail breach does. */
public enum GuardrailAction {
    /** Raise an alert only. */
    @JsonProperty("alert") ALERT,
    /** Raise an alert and pause the breaching arm (never the control arm: that one only alerts). */
    @JsonProperty("pause") PAUSE,
    /** Raise an alert and roll the whole experiment back to its control arm. */
    @JsonProperty("rollback") ROLLBACK;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

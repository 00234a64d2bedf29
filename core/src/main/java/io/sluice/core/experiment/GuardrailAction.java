package io.sluice.core.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a sustained guardrail breach does. */
public enum GuardrailAction {
    /** Raise an alert only. */
    @JsonProperty("alert") ALERT,
    /** Raise an alert and pause the breaching arm. */
    @JsonProperty("pause") PAUSE;

    public String wireName() {
        return name().toLowerCase();
    }
}

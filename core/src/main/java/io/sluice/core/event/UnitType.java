package io.sluice.core.event;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What an experiment randomizes: each unit sees one arm for as long as the experiment runs. */
public enum UnitType {
    @JsonProperty("user") USER,
    @JsonProperty("conversation") CONVERSATION,
    @JsonProperty("request") REQUEST;

    public String wireName() {
        return name().toLowerCase();
    }
}

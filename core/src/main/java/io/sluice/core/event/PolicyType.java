package io.sluice.core.event;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How arms are chosen: a fixed weighted split, or Thompson sampling from the posteriors. */
public enum PolicyType {
    @JsonProperty("fixed") FIXED,
    @JsonProperty("thompson") THOMPSON;

    public String wireName() {
        return name().toLowerCase();
    }
}

package io.sluice.core.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the values of several signals on one answer become one reward. */
public enum CombineRule {
    /** The best signal wins: any sign of success counts. */
    @JsonProperty("max") MAX,
    /** The worst signal wins: any sign of failure counts. */
    @JsonProperty("min") MIN,
    /** The mean of the signals' values. */
    @JsonProperty("mean") MEAN,
    /** The signal that occurred first. */
    @JsonProperty("first") FIRST,
    /** The signal that occurred last: the user's final word. */
    @JsonProperty("last") LAST;

    public String wireName() {
        return name().toLowerCase();
    }
}

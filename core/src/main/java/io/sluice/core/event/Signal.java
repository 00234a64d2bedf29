package io.sluice.core.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.Optional;

/**
 * What an app reports about an answer. Every signal but {@code score} is an event with no value;
 * {@code score} carries the app's own number. {@code judge} is the calibrated judge score, which
 * the learning path produces itself and apps never send.
 */
public enum Signal {
    @JsonProperty("thumbs_up") THUMBS_UP,
    @JsonProperty("thumbs_down") THUMBS_DOWN,
    @JsonProperty("copy") COPY,
    @JsonProperty("retry") RETRY,
    @JsonProperty("continued") CONTINUED,
    @JsonProperty("resolved") RESOLVED,
    @JsonProperty("score") SCORE,
    @JsonProperty("judge") JUDGE;

    public String wireName() {
        return name().toLowerCase();
    }

    /** Whether a report of this signal must carry a value. */
    public boolean carriesValue() {
        return this == SCORE || this == JUDGE;
    }

    /** Whether apps may send it through the feedback API. */
    public boolean reportable() {
        return this != JUDGE;
    }

    public static Optional<Signal> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }
}

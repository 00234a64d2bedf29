package io.sluice.simulator.users;

import com.fasterxml.jackson.annotation.JsonValue;

/** The feedback signals an app reports to {@code POST /v1/feedback}, by their wire names. */
public enum FeedbackSignal {
    THUMBS_UP("thumbs_up"),
    THUMBS_DOWN("thumbs_down"),
    COPY("copy"),
    RETRY("retry"),
    CONTINUED("continued"),
    RESOLVED("resolved"),
    SCORE("score");

    private final String wireName;

    FeedbackSignal(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }
}

package io.sluice.core.event;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Why a record became a dead letter, for operators to count and alert on; the reason says it in words. */
public enum DeadLetterCause {
    /** It could not be read: not JSON, a missing or invalid field, an unknown schema version. */
    @JsonProperty("unreadable") UNREADABLE,
    /** Its experiment's spec did not arrive in time. */
    @JsonProperty("no_spec") NO_SPEC,
    /** Feedback (or a judge score held as a reward) whose decision never arrived: an id never issued, or lost. */
    @JsonProperty("unmatched_reward") UNMATCHED_REWARD,
    /** A human label that no judge score met: the answer was not judged, or the id was never issued. */
    @JsonProperty("unmatched_label") UNMATCHED_LABEL,
    /** A labelled judge score the judge monitor could not use. */
    @JsonProperty("unmonitored") UNMONITORED,
    /** Written before dead letters recorded their cause. */
    @JsonProperty("unclassified") UNCLASSIFIED;

    public String wireName() {
        return name().toLowerCase();
    }
}

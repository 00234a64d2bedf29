package io.sluice.core.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * Why a record became a dead letter, for operators to count and alert on; the reason says it in words.
 *
 * <p>Added to the dead letter without a new schema version: a record written before causes existed
 * has none and reads as {@link #UNCLASSIFIED}, and so does a cause this reader does not know yet (a
 * newer job's), so an older router still counts the record instead of failing to read it.
 */
public enum DeadLetterCause {
    /** It could not be read: not JSON, a missing or invalid field, an unknown schema version. */
    UNREADABLE,
    /** Its experiment's spec did not arrive in time. */
    NO_SPEC,
    /** Feedback (or a judge score held as a reward) whose decision never arrived: an id never issued, or lost. */
    UNMATCHED_REWARD,
    /** Feedback that reached the reward join after its request's outcome was settled: its attribution window had closed. */
    LATE_REWARD,
    /** A human label that no judge score met: the answer was not judged, or the id was never issued. */
    UNMATCHED_LABEL,
    /** A labelled judge score the judge monitor could not use. */
    UNMONITORED,
    /** Written before dead letters recorded their cause, or a cause this reader does not know. */
    UNCLASSIFIED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase();
    }

    @JsonCreator
    public static DeadLetterCause fromWireName(String name) {
        return Arrays.stream(values()).filter(c -> c.wireName().equals(name)).findFirst().orElse(UNCLASSIFIED);
    }
}

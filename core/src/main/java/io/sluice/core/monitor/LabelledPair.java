package io.sluice.core.monitor;

import java.time.Instant;

/**
 * One answer both the judge and a human graded: what the agreement job's join produces.
 *
 * @param experiment the experiment the answer belongs to; alerts are raised on it
 * @param rawScore the judge's raw score, on the rubric scale
 * @param label the human label, a level of the same scale
 * @param eventTime when the pair was complete (the later of score and label), in event time
 */
public record LabelledPair(String experiment, double rawScore, int label, Instant eventTime) {
    public LabelledPair {
        if (experiment == null || experiment.isBlank()) {
            throw new IllegalArgumentException("experiment: required");
        }
        if (!Double.isFinite(rawScore)) {
            throw new IllegalArgumentException("raw_score: must be a finite number");
        }
        if (eventTime == null) {
            throw new IllegalArgumentException("event_time: required");
        }
    }
}

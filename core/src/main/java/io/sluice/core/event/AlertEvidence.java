package io.sluice.core.event;

import java.time.Instant;

/**
 * Why an alert fired, so an operator can check it: the statistic and its value against the
 * threshold, over which window, on how many observations.
 */
public record AlertEvidence(
        String statistic, double value, double threshold, Instant windowStart, Instant windowEnd, long observations) {
    public AlertEvidence {
        Required.text(statistic, "evidence.statistic");
    }
}

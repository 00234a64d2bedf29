package io.sluice.core.event;

import java.time.Duration;
import java.time.Instant;

/**
 * What every job downstream can process, so the edge accepts nothing beyond it: event times that
 * epoch milliseconds and watermarks can hold, and scores whose sums and squares stay finite over
 * any number of rewards. A record outside them fails when it is read, and becomes a dead letter.
 */
public final class EventBounds {
    /** The earliest event time a record may carry. */
    public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    /** The latest event time a record may carry. */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    /**
     * The largest magnitude of a score: squares of 1e9 summed over 1e12 rewards are 1e30, far
     * from overflowing a double, while any real score scale fits.
     */
    public static final double MAX_ABS_SCORE = 1e9;
    /** How far back a reported time may lie: no attribution window reaches further (30 days). */
    public static final Duration MAX_REPORT_AGE = Duration.ofDays(30);

    private EventBounds() {}

    static Instant eventTime(Instant time, String field) {
        Required.present(time, field);
        if (time.isBefore(EARLIEST) || time.isAfter(LATEST)) {
            throw new IllegalArgumentException(field + ": must be between " + EARLIEST + " and " + LATEST
                    + ", was " + time);
        }
        return time;
    }

    static double score(double value, String field) {
        Required.finite(value, field);
        if (Math.abs(value) > MAX_ABS_SCORE) {
            throw new IllegalArgumentException(field + ": must be within ±" + MAX_ABS_SCORE + ", was " + value);
        }
        return value;
    }
}

package io.sluice.simulator.users;

import java.time.Instant;

/**
 * One feedback post, {@code {"request_id", "signal", "value"?, "timestamp"}} on the wire.
 *
 * @param requestId the {@code sluice-request-id} of the answer the feedback is about
 * @param signal    what the user did
 * @param value     the number of a {@code score}; null for every other signal
 * @param timestamp when the user did it
 */
public record FeedbackReport(String requestId, FeedbackSignal signal, Double value, Instant timestamp) {

    public static FeedbackReport of(String requestId, FeedbackSignal signal, Instant timestamp) {
        return new FeedbackReport(requestId, signal, null, timestamp);
    }

    public static FeedbackReport score(String requestId, double value, Instant timestamp) {
        return new FeedbackReport(requestId, FeedbackSignal.SCORE, value, timestamp);
    }
}

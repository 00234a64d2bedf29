package io.sluice.core.event;

import java.time.Instant;

/**
 * A signal an app reported about one answer, as it was accepted. It is not yet a reward value:
 * the experiment's reward definition turns the signals of a request into one number when the
 * learning path joins them to the exposure.
 *
 * @param value the app's number for {@code score}, the calibrated score for {@code judge}; absent
 *     for every other signal
 * @param occurredAt when the user acted (the app's timestamp, else the time of receipt); event
 *     time for the attribution window
 * @param client the name of the client key it came with, when the router requires keys
 */
public record Reward(
        int schemaVersion, String requestId, Signal signal, Double value, Instant occurredAt, Instant receivedAt,
        String client) {

    /** A reward that came without a client key, or that a job made (a judge score as the judge signal). */
    public Reward(int schemaVersion, String requestId, Signal signal, Double value, Instant occurredAt,
            Instant receivedAt) {
        this(schemaVersion, requestId, signal, value, occurredAt, receivedAt, null);
    }

    public Reward {
        SchemaVersion.require(schemaVersion, "reward");
        Required.text(requestId, "request_id");
        Required.present(signal, "signal");
        if (signal.carriesValue()) {
            EventBounds.score(Required.present(value, "value"), "value");
        } else if (value != null) {
            throw new IllegalArgumentException("value: only score and judge carry a value");
        }
        EventBounds.eventTime(occurredAt, "occurred_at");
        EventBounds.eventTime(receivedAt, "received_at");
    }
}

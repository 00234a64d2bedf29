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
 */
public record Reward(
        int schemaVersion, String requestId, Signal signal, Double value, Instant occurredAt, Instant receivedAt) {

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

package io.sluice.core.event;

import java.time.Instant;

/**
 * A human annotator's grade of one answer, on the same ordinal scale as the experiment's judge
 * rubric. Labels are the ground truth the judge is calibrated against.
 *
 * @param client the name of the client key it came with, when the router requires keys
 */
public record Label(int schemaVersion, String requestId, String annotator, int label, Instant receivedAt,
        String client) {

    /** A label that came without a client key. */
    public Label(int schemaVersion, String requestId, String annotator, int label, Instant receivedAt) {
        this(schemaVersion, requestId, annotator, label, receivedAt, null);
    }

    public Label {
        SchemaVersion.require(schemaVersion, "label");
        Required.text(requestId, "request_id");
        Required.text(annotator, "annotator");
        EventBounds.eventTime(receivedAt, "received_at");
    }
}

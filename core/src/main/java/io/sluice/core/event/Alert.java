package io.sluice.core.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * Something an operator should know about an experiment.
 *
 * @param subject what the alert is about within the experiment: an arm, a judge fingerprint or
 *     a guardrail metric
 */
public record Alert(
        int schemaVersion,
        String alertId,
        String experiment,
        AlertKind kind,
        Severity severity,
        String subject,
        String message,
        AlertEvidence evidence,
        Instant raisedAt) {

    public enum Severity {
        @JsonProperty("info") INFO,
        @JsonProperty("warning") WARNING,
        @JsonProperty("critical") CRITICAL
    }

    public Alert {
        SchemaVersion.require(schemaVersion, "alert");
        Required.text(alertId, "alert_id");
        Required.text(experiment, "experiment");
        Required.present(kind, "kind");
        Required.present(severity, "severity");
        Required.text(message, "message");
        Required.present(raisedAt, "raised_at");
    }
}

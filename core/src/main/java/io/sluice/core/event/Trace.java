package io.sluice.core.event;

import java.time.Instant;
import java.util.List;

/**
 * The content of a sampled request and its answer, as the upstream saw it (after the arm's
 * rewrite). Sampled deterministically by request id, so the judge can later take a nested,
 * equally deterministic sample of the traces.
 */
public record Trace(
        int schemaVersion,
        String requestId,
        String experiment,
        String arm,
        String upstreamModel,
        Instant decidedAt,
        List<TraceMessage> messages,
        String response,
        String finishReason,
        Integer promptTokens,
        Integer completionTokens,
        long latencyMs) {

    public Trace {
        SchemaVersion.require(schemaVersion, "trace");
        Required.text(requestId, "request_id");
        Required.text(experiment, "experiment");
        Required.text(arm, "arm");
        EventBounds.eventTime(decidedAt, "decided_at");
        messages = List.copyOf(Required.present(messages, "messages"));
        Required.present(response, "response");
    }
}

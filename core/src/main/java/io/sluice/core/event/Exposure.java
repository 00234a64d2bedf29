package io.sluice.core.event;

import java.time.Instant;

/**
 * One decision of the router: which arm a unit got and with what probability. Written for every
 * request of an experiment, successful or not, once the upstream call has ended. The propensity
 * is the probability with which this arm was chosen for this unit, which is what makes
 * unbiased and off-policy analysis possible later.
 *
 * @param inExperiment false when the unit fell outside the experiment's traffic fraction and was
 *     served the control arm with certainty; such exposures are not part of the comparison
 * @param policyVersion what the decision was computed from: the spec revision for a fixed split,
 *     the posterior versions for Thompson sampling
 * @param decidedAt event time of the decision; rewards are attributed relative to it
 * @param client the name of the client key the request came with, when the router requires keys
 * @param ttftMs for a streamed answer, the milliseconds from the decision to the first content
 *     the app received; null for an answer in one piece or a stream that sent nothing
 */
public record Exposure(
        int schemaVersion,
        String requestId,
        String experiment,
        String arm,
        UnitType unitType,
        String unit,
        double propensity,
        PolicyType policy,
        String policyVersion,
        boolean inExperiment,
        String upstreamModel,
        boolean stream,
        Instant decidedAt,
        CallOutcome outcome,
        int status,
        long latencyMs,
        Integer promptTokens,
        Integer completionTokens,
        String client,
        Long ttftMs) {

    /** A decision for a request that came without a client key. */
    public Exposure(int schemaVersion, String requestId, String experiment, String arm, UnitType unitType,
            String unit, double propensity, PolicyType policy, String policyVersion, boolean inExperiment,
            String upstreamModel, boolean stream, Instant decidedAt, CallOutcome outcome, int status,
            long latencyMs, Integer promptTokens, Integer completionTokens) {
        this(schemaVersion, requestId, experiment, arm, unitType, unit, propensity, policy, policyVersion,
                inExperiment, upstreamModel, stream, decidedAt, outcome, status, latencyMs, promptTokens,
                completionTokens, null, null);
    }

    /** A decision whose answer, if streamed, has no time to first token recorded. */
    public Exposure(int schemaVersion, String requestId, String experiment, String arm, UnitType unitType,
            String unit, double propensity, PolicyType policy, String policyVersion, boolean inExperiment,
            String upstreamModel, boolean stream, Instant decidedAt, CallOutcome outcome, int status,
            long latencyMs, Integer promptTokens, Integer completionTokens, String client) {
        this(schemaVersion, requestId, experiment, arm, unitType, unit, propensity, policy, policyVersion,
                inExperiment, upstreamModel, stream, decidedAt, outcome, status, latencyMs, promptTokens,
                completionTokens, client, null);
    }

    /** The longest call an exposure may report: a day, far beyond any upstream timeout. */
    public static final long MAX_LATENCY_MS = 86_400_000L;

    public Exposure {
        SchemaVersion.require(schemaVersion, "exposure");
        Required.text(requestId, "request_id");
        Required.text(experiment, "experiment");
        Required.text(arm, "arm");
        Required.present(unitType, "unit_type");
        Required.text(unit, "unit");
        Required.probability(propensity, "propensity");
        if (propensity == 0.0) {
            throw new IllegalArgumentException("propensity: a chosen arm cannot have probability 0");
        }
        Required.present(policy, "policy");
        Required.text(policyVersion, "policy_version");
        EventBounds.eventTime(decidedAt, "decided_at");
        Required.present(outcome, "outcome");
        if (latencyMs < 0 || latencyMs > MAX_LATENCY_MS) {
            throw new IllegalArgumentException("latency_ms: must be in [0, " + MAX_LATENCY_MS + "], was " + latencyMs);
        }
        if (ttftMs != null && (ttftMs < 0 || ttftMs > MAX_LATENCY_MS)) {
            throw new IllegalArgumentException("ttft_ms: must be in [0, " + MAX_LATENCY_MS + "], was " + ttftMs);
        }
    }
}

package io.sluice.core.event;

import java.time.Instant;

/**
 * The reward of one exposure, settled once its attribution window has closed: the combined value
 * of the signals that arrived in time, or the experiment's default when none did. Exactly one
 * outcome exists per exposure; posteriors and analyses are built from outcomes only.
 *
 * @param inExperiment copied from the exposure: false for units outside the experiment's traffic
 *     fraction, which get outcomes too (analyses decide what to do with them) but never update a
 *     posterior
 * @param lastRewardAt when the newest counted signal was accepted by the router; absent when none
 *     was
 */
public record Outcome(
        int schemaVersion,
        String requestId,
        String experiment,
        String arm,
        String unit,
        double propensity,
        String policyVersion,
        boolean inExperiment,
        double reward,
        boolean observed,
        int signals,
        Instant decidedAt,
        Instant settledAt,
        Instant lastRewardAt) {

    public Outcome {
        SchemaVersion.require(schemaVersion, "outcome");
        Required.text(requestId, "request_id");
        Required.text(experiment, "experiment");
        Required.text(arm, "arm");
        Required.text(unit, "unit");
        Required.probability(propensity, "propensity");
        Required.text(policyVersion, "policy_version");
        Required.finite(reward, "reward");
        Required.present(decidedAt, "decided_at");
        Required.present(settledAt, "settled_at");
    }
}

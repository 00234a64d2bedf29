package io.sluice.core.event;

import java.time.Instant;

/**
 * The posterior of one arm after some number of outcomes. Snapshots are complete states, not
 * increments, and carry a version that grows by one with every change of the key: applying a
 * snapshot twice, or an older one after a newer, changes nothing.
 *
 * <p>Beta posteriors use {@code alpha} and {@code beta}. Normal posteriors with unknown variance
 * (Normal-Gamma) use {@code mean}, {@code precision} (pseudo-observations of the mean),
 * {@code shape} and {@code rate}; the fields of the other family are zero.
 *
 * @param lastRewardAt when the newest reward folded into this snapshot was accepted by the
 *     router, for measuring how fresh the router's view is
 */
public record PosteriorSnapshot(
        int schemaVersion,
        String experiment,
        String arm,
        long version,
        PosteriorFamily family,
        double alpha,
        double beta,
        double mean,
        double precision,
        double shape,
        double rate,
        long observations,
        double rewardSum,
        Instant updatedAt,
        Instant lastRewardAt) {

    public PosteriorSnapshot {
        SchemaVersion.require(schemaVersion, "posterior");
        Required.text(experiment, "experiment");
        Required.text(arm, "arm");
        if (version < 1) {
            throw new IllegalArgumentException("version: must be >= 1");
        }
        Required.present(family, "family");
        if (family == PosteriorFamily.BETA && !(alpha > 0 && beta > 0)) {
            throw new IllegalArgumentException("alpha, beta: must be > 0 for a beta posterior");
        }
        if (family == PosteriorFamily.NORMAL && !(precision > 0 && shape > 0 && rate > 0)) {
            throw new IllegalArgumentException("precision, shape, rate: must be > 0 for a normal posterior");
        }
        Required.present(updatedAt, "updated_at");
    }

    /** The key on the compacted topic. */
    public String key() {
        return experiment + "/" + arm;
    }
}

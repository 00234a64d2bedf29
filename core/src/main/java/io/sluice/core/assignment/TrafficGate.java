package io.sluice.core.assignment;

import io.sluice.core.experiment.ExperimentSpec;

/**
 * Whether a unit is in an experiment's traffic fraction, by a hash of its own, independent of
 * the hash that picks a fixed split's arm: raising the fraction adds units and moves none.
 */
public final class TrafficGate {
    private final String salt;
    private final double traffic;

    public TrafficGate(ExperimentSpec spec) {
        this.salt = spec.salt();
        this.traffic = spec.traffic();
    }

    public boolean admits(String unit) {
        return traffic >= 1.0 || UnitHash.uniform(salt, "traffic", unit) < traffic;
    }
}

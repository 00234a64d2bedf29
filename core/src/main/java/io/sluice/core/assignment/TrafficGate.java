package io.sluice.core.assignment;

import io.sluice.core.control.ExperimentControls;

import io.sluice.core.experiment.ExperimentSpec;

/**
 * Whether a unit is in an experiment's traffic fraction, by a hash of its own, independent of
 * the hash that picks a fixed split's arm: raising the fraction adds units and moves none.
 */
public final class TrafficGate {
    private final String salt;
    private final double traffic;

    public TrafficGate(ExperimentSpec spec) {
        this(spec.salt(), spec.traffic());
    }

    public TrafficGate(String salt, double traffic) {
        this.salt = salt;
        this.traffic = traffic;
    }

    /** The gate in force under controls: a rollout's step sets the traffic fraction, else the spec's {@code traffic}. */
    public static TrafficGate of(ExperimentSpec spec, ExperimentControls controls) {
        return new TrafficGate(spec.salt(), spec.rollout() == null ? spec.traffic()
                : spec.rollout().traffic(controls.rolloutStep()));
    }

    /** The fraction of units admitted. */
    public double traffic() {
        return traffic;
    }

    public boolean admits(String unit) {
        return traffic >= 1.0 || UnitHash.uniform(salt, "traffic", unit) < traffic;
    }
}

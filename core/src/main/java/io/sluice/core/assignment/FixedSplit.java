package io.sluice.core.assignment;

import io.sluice.core.experiment.ArmSpec;
import io.sluice.core.experiment.ExperimentSpec;
import java.util.List;

/**
 * A fixed weighted split by hashing: sticky with no state at all, since the same unit always
 * hashes to the same bucket. Inclusion in the traffic fraction and the choice of arm use
 * independent hashes, so raising the traffic fraction adds units without moving any unit that was
 * already in, and the arms' shares stay the weights at every traffic level.
 */
public final class FixedSplit {
    private final ExperimentSpec spec;
    private final TrafficGate gate;
    private final List<ArmSpec> arms;
    private final double[] cumulative;
    private final double[] propensity;
    private final String policyVersion;

    public FixedSplit(ExperimentSpec spec) {
        this.spec = spec;
        this.gate = new TrafficGate(spec);
        this.arms = spec.arms();
        double total = arms.stream().mapToDouble(ArmSpec::weight).sum();
        this.cumulative = new double[arms.size()];
        this.propensity = new double[arms.size()];
        double running = 0;
        for (int i = 0; i < arms.size(); i++) {
            propensity[i] = arms.get(i).weight() / total;
            running += propensity[i];
            cumulative[i] = running;
        }
        this.policyVersion = "fixed@" + spec.revision();
    }

    public Decision assign(String unit) {
        if (!gate.admits(unit)) {
            return new Decision(spec.controlArm(), 1.0, false, policyVersion);
        }
        double u = UnitHash.uniform(spec.salt(), "arm", unit);
        for (int i = 0; i < arms.size() - 1; i++) {
            if (u < cumulative[i]) {
                return new Decision(arms.get(i).name(), propensity[i], true, policyVersion);
            }
        }
        int last = arms.size() - 1;
        return new Decision(arms.get(last).name(), propensity[last], true, policyVersion);
    }

    /** The probability of each arm for a unit in the experiment, in spec order. */
    public double[] propensities() {
        return propensity.clone();
    }
}

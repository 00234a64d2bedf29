package io.sluice.core.assignment;

import io.sluice.core.control.ExperimentControls;
import io.sluice.core.experiment.ArmSpec;
import io.sluice.core.experiment.ExperimentSpec;
import java.util.List;

/**
 * A fixed weighted split by hashing: sticky with no state at all, since the same unit always
 * hashes to the same bucket. Inclusion in the traffic fraction and the choice of arm use
 * independent hashes, so raising the traffic fraction adds units without moving any unit that was
 * already in, and the arms' shares stay the weights at every traffic level.
 *
 * <p><b>Paused arms.</b> A unit whose bucket is a paused arm's moves to a serving arm chosen by a
 * second, independent hash, by the serving arms' weights; every other unit stays where it was.
 * Each serving arm's probability is then exactly its weight renormalised over the serving arms:
 * {@code w_j/W + (W_paused/W)(w_j/W_serving) = w_j/W_serving}. The policy version names the paused
 * arms.
 */
public final class FixedSplit {
    private final ExperimentSpec spec;
    private final TrafficGate gate;
    private final double[] cumulative;
    /** The decision of each arm's bucket, in spec order; null for a paused arm. */
    private final Decision[] byBucket;
    private final double[] servingCumulative;
    private final Decision[] servingDecisions;
    private final String policyVersion;

    public FixedSplit(ExperimentSpec spec) {
        this(spec, ExperimentControls.NONE);
    }

    /**
     * @throws IllegalArgumentException if the controls pause every arm
     */
    public FixedSplit(ExperimentSpec spec, ExperimentControls controls) {
        this.spec = spec;
        this.gate = TrafficGate.of(spec, controls);
        List<ArmSpec> arms = spec.arms();
        this.policyVersion = "fixed@" + spec.revision() + controls.versionSuffix();
        double total = arms.stream().mapToDouble(ArmSpec::weight).sum();
        this.cumulative = new double[arms.size()];
        double running = 0;
        for (int i = 0; i < arms.size(); i++) {
            running += arms.get(i).weight() / total;
            cumulative[i] = running;
        }
        List<ArmSpec> serving = arms.stream().filter(a -> !controls.isPaused(a.name())).toList();
        if (serving.isEmpty()) {
            throw new IllegalArgumentException("every arm of " + spec.name() + " is paused");
        }
        double servingTotal = serving.stream().mapToDouble(ArmSpec::weight).sum();
        this.servingCumulative = new double[serving.size()];
        this.servingDecisions = new Decision[serving.size()];
        running = 0;
        for (int i = 0; i < serving.size(); i++) {
            double propensity = serving.get(i).weight() / servingTotal;
            running += propensity;
            servingCumulative[i] = running;
            servingDecisions[i] = new Decision(serving.get(i).name(), propensity, true, policyVersion);
        }
        this.byBucket = new Decision[arms.size()];
        for (int i = 0, k = 0; i < arms.size(); i++) {
            byBucket[i] = controls.isPaused(arms.get(i).name()) ? null : servingDecisions[k++];
        }
    }

    public Decision assign(String unit) {
        if (!gate.admits(unit)) {
            return new Decision(spec.controlArm(), 1.0, false, policyVersion);
        }
        Decision own = byBucket[pick(cumulative, UnitHash.uniform(spec.salt(), "arm", unit))];
        if (own != null) {
            return own;
        }
        return servingDecisions[pick(servingCumulative, UnitHash.uniform(spec.salt(), "arm-moved", unit))];
    }

    private static int pick(double[] cumulative, double u) {
        for (int i = 0; i < cumulative.length - 1; i++) {
            if (u < cumulative[i]) {
                return i;
            }
        }
        return cumulative.length - 1;
    }

    /** The version every decision of this split is logged with. */
    public String policyVersion() {
        return policyVersion;
    }

    /** The probability of each arm for a unit in the experiment, in spec order; 0 for a paused arm. */
    public double[] propensities() {
        double[] out = new double[byBucket.length];
        for (int i = 0; i < byBucket.length; i++) {
            out[i] = byBucket[i] == null ? 0.0 : byBucket[i].propensity();
        }
        return out;
    }
}

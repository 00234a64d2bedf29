package io.sluice.core.bandit;

import io.sluice.core.assignment.Decision;
import io.sluice.core.control.ExperimentControls;
import io.sluice.core.event.PosteriorSnapshot;
import io.sluice.core.experiment.ExperimentSpec;
import io.sluice.core.posterior.ArmBelief;
import io.sluice.core.posterior.ArmPosterior;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Thompson sampling over one set of posterior versions, with an optional exploration floor ε.
 * A decision is: with probability K·ε an arm uniformly at random, otherwise one draw from every
 * arm's belief and the arm with the largest. Arm k is therefore chosen with probability
 *
 * <pre>P(k) = ε + (1 − K·ε) · p_k,   p_k = P(arm k has the largest draw)</pre>
 *
 * and every arm keeps at least ε. The p_k are integrated exactly once, when the policy is built
 * (see {@link ProbabilityOfBeingBest}), and every {@link Decision} carries its arm's P(k): the
 * logged propensity is the probability of the very procedure that made the decision.
 *
 * <p>Exactness: Σ p_k is checked to be within 1e-9 of 1 beyond the mass the integration reports
 * it left out ({@link BestArmProbabilities#truncationBound()}). That bound stays below 1e-12 for
 * Beta posteriors with α, β ≥ 1 and for Student t posteriors; it exceeds 1e-9 only when several
 * arms have β &lt; 1 (a prior below one and few failures), which puts mass within 1e-10 of 1
 * where doubles cannot separate their draws: a Beta(1, 0.3) falls within one ulp of 1
 * (1.1·10⁻¹⁶) with probability (1.1·10⁻¹⁶)^0.3 ≈ 1.6·10⁻⁵, and draws that round to the same
 * double are a tie the argmax breaks by arm order.
 *
 * <p>Immutable and safe to share between threads; {@link #choose} touches no state but the
 * generator passed in, which must be confined to the calling thread (see
 * {@link SplittableRandomGenerator#split()}). Build a new policy when a posterior changes.
 */
public final class ThompsonPolicy {
    /**
     * How far Σ p_k may stray from 1, beyond the mass the integration reports it left out. The
     * integrals are accurate to ~1e-12 for the beliefs posteriors produce; a larger gap means the
     * beliefs are beyond what double precision can resolve, and no decision should be logged with
     * such a propensity.
     */
    static final double SUM_TOLERANCE = 1e-9;

    /** The largest rescaling of a density the propensities may rest on (see {@link BestArmProbabilities}). */
    static final double DENSITY_CORRECTION_LIMIT = 1e-6;

    private final List<String> arms;
    private final double explorationFloor;
    private final String policyVersion;
    private final BestArmProbabilities bestArm;
    private final ThompsonDraw draw;
    private final double uniformShare;
    private final double[] propensities;
    private final Decision[] decisions;

    private ThompsonPolicy(List<String> arms, List<? extends ArmBelief> beliefs, double explorationFloor,
            String policyVersion) {
        if (arms.isEmpty() || arms.size() != beliefs.size()) {
            throw new IllegalArgumentException(arms.size() + " arms but " + beliefs.size() + " beliefs");
        }
        if (new HashSet<>(arms).size() != arms.size()) {
            throw new IllegalArgumentException("arm names must be distinct: " + arms);
        }
        int k = arms.size();
        if (!(explorationFloor >= 0) || explorationFloor * k > 1) {
            throw new IllegalArgumentException("with " + k + " arms the exploration floor must be in [0, 1/" + k
                    + "], was " + explorationFloor);
        }
        if (policyVersion == null || policyVersion.isBlank()) {
            throw new IllegalArgumentException("a policy version is required");
        }
        this.arms = List.copyOf(arms);
        this.explorationFloor = explorationFloor;
        this.policyVersion = policyVersion;
        this.bestArm = new ProbabilityOfBeingBest(beliefs).compute();
        double gap = Math.abs(bestArm.total() - 1);
        if (gap > SUM_TOLERANCE + bestArm.truncationBound() || bestArm.densityCorrection() > DENSITY_CORRECTION_LIMIT) {
            throw new IllegalStateException("propensities for " + beliefs + " are not exact: they sum to 1 "
                    + (bestArm.total() >= 1 ? "+ " : "- ") + gap + " with " + bestArm.truncationBound()
                    + " left out, and a density rescaled by " + bestArm.densityCorrection());
        }
        this.draw = new ThompsonDraw(beliefs);
        this.uniformShare = k * explorationFloor;
        this.propensities = new double[k];
        this.decisions = new Decision[k];
        for (int i = 0; i < k; i++) {
            propensities[i] = explorationFloor + (1 - uniformShare) * bestArm.probability(i);
            decisions[i] = new Decision(arms.get(i), propensities[i], true, policyVersion);
        }
    }

    /**
     * @param arms the arms' names, in the order of {@code beliefs}
     * @param explorationFloor ε, the least probability every arm keeps; at most 1/K
     * @param policyVersion recorded with every decision: it should name the posterior versions the
     *     beliefs came from, so a logged propensity can be traced to them
     */
    public static ThompsonPolicy of(List<String> arms, List<? extends ArmBelief> beliefs, double explorationFloor,
            String policyVersion) {
        return new ThompsonPolicy(arms, beliefs, explorationFloor, policyVersion);
    }

    /**
     * The policy for an experiment's arms given the newest posterior snapshot of each; an arm with
     * none yet has the experiment's prior. The policy version is
     * {@code thompson@<spec revision>/<arm>:<posterior version>,...}, with version 0 for a prior.
     */
    public static ThompsonPolicy forExperiment(ExperimentSpec spec, Map<String, PosteriorSnapshot> posteriors) {
        return forExperiment(spec, posteriors, ExperimentControls.NONE);
    }

    /**
     * The policy over the arms the controls leave serving: Thompson sampling among them alone, so
     * each propensity is exact for the procedure that runs. The version lists those arms and ends
     * with the paused ones ({@link ExperimentControls#versionSuffix()}).
     *
     * @throws IllegalArgumentException if the controls pause every arm
     */
    public static ThompsonPolicy forExperiment(ExperimentSpec spec, Map<String, PosteriorSnapshot> posteriors,
            ExperimentControls controls) {
        List<String> arms = controls.serving(spec.armNames());
        if (arms.isEmpty()) {
            throw new IllegalArgumentException("every arm of " + spec.name() + " is paused");
        }
        List<ArmBelief> beliefs = new ArrayList<>(arms.size());
        StringJoiner versions = new StringJoiner(",", "thompson@" + spec.revision() + "/", "");
        for (String arm : arms) {
            PosteriorSnapshot snapshot = posteriors.get(arm);
            ArmPosterior posterior = snapshot != null ? ArmPosterior.of(snapshot) : ArmPosterior.prior(spec);
            beliefs.add(posterior.belief());
            versions.add(arm + ":" + (snapshot != null ? snapshot.version() : 0));
        }
        return new ThompsonPolicy(arms, beliefs, spec.policy().explorationFloor(),
                versions + controls.versionSuffix());
    }

    /** One decision, with the probability that this policy makes it. */
    public Decision choose(RandomGenerator random) {
        if (uniformShare > 0 && random.nextDouble() < uniformShare) {
            return decisions[random.nextInt(decisions.length)];
        }
        return decisions[draw.choose(random)];
    }

    /** P(arm is chosen), ε included; 0 for an arm this policy does not choose from (a paused one). */
    public double propensity(String arm) {
        int i = arms.indexOf(arm);
        return i < 0 ? 0.0 : propensities[i];
    }

    /** P(arm is chosen) for every arm, ε included, in the order of {@link #arms()}. */
    public List<Double> propensities() {
        List<Double> list = new ArrayList<>(propensities.length);
        for (double p : propensities) {
            list.add(p);
        }
        return List.copyOf(list);
    }

    public List<String> arms() {
        return arms;
    }

    public double explorationFloor() {
        return explorationFloor;
    }

    public String policyVersion() {
        return policyVersion;
    }

    /** The integration behind the propensities, before the floor: p_k, with its error report. */
    public BestArmProbabilities bestArmProbabilities() {
        return bestArm;
    }
}

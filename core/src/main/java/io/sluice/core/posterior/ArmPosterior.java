package io.sluice.core.posterior;

import io.sluice.core.event.PosteriorFamily;
import io.sluice.core.event.PosteriorSnapshot;
import io.sluice.core.event.SchemaVersion;
import io.sluice.core.experiment.BetaPrior;
import io.sluice.core.experiment.ExperimentSpec;
import io.sluice.core.experiment.NormalPrior;
import java.time.Instant;

/**
 * The conjugate posterior of one arm's reward, updated one outcome at a time.
 *
 * <p><b>Beta</b> (rewards in [0, 1]): an outcome with reward r adds r to α and 1 − r to β. For
 * 0/1 rewards this is the exact Beta-Bernoulli update. A fractional reward counts as a fractional
 * success, which keeps the posterior mean equal to the running mean of the rewards and the update
 * deterministic, so replays after a failure reproduce the same state. (Drawing a Bernoulli(r)
 * success instead, as Agrawal and Goyal do, would also be valid but not reproducible.)
 *
 * <p><b>Normal-Gamma</b> (unbounded rewards, unknown variance): for an observation x, precision
 * κ' = κ + 1, mean μ' = (κμ + x)/(κ + 1), shape a' = a + ½, rate b' = b + κ(x − μ)²/(2(κ + 1)).
 * The expected reward then has a Student t marginal (see {@link StudentTBelief}).
 */
public record ArmPosterior(
        PosteriorFamily family,
        double alpha,
        double beta,
        double mean,
        double precision,
        double shape,
        double rate,
        long observations,
        double rewardSum) {

    public static ArmPosterior beta(BetaPrior prior) {
        return new ArmPosterior(PosteriorFamily.BETA, prior.alpha(), prior.beta(), 0, 0, 0, 0, 0, 0);
    }

    public static ArmPosterior normal(NormalPrior prior) {
        return new ArmPosterior(PosteriorFamily.NORMAL, 0, 0, prior.mean(), prior.precision(), prior.shape(),
                prior.rate(), 0, 0);
    }

    /** The prior every arm of this experiment starts from. */
    public static ArmPosterior prior(ExperimentSpec spec) {
        return prior(spec.reward().unbounded(), spec.policy().betaPrior(), spec.policy().normalPrior());
    }

    /** The prior of a reward family: the one given, else a uniform Beta or a weak Normal-Gamma. */
    public static ArmPosterior prior(boolean unbounded, BetaPrior betaPrior, NormalPrior normalPrior) {
        if (unbounded) {
            return normal(normalPrior != null ? normalPrior : NormalPrior.WEAK);
        }
        return beta(betaPrior != null ? betaPrior : BetaPrior.UNIFORM);
    }

    public static ArmPosterior of(PosteriorSnapshot s) {
        return new ArmPosterior(s.family(), s.alpha(), s.beta(), s.mean(), s.precision(), s.shape(), s.rate(),
                s.observations(), s.rewardSum());
    }

    public ArmPosterior update(double reward) {
        if (!Double.isFinite(reward)) {
            throw new IllegalArgumentException("reward must be finite, was " + reward);
        }
        if (family == PosteriorFamily.BETA) {
            if (reward < 0 || reward > 1) {
                throw new IllegalArgumentException("a beta posterior takes rewards in [0, 1], was " + reward);
            }
            return new ArmPosterior(family, alpha + reward, beta + 1 - reward, 0, 0, 0, 0, observations + 1,
                    rewardSum + reward);
        }
        double nextPrecision = precision + 1;
        double nextMean = (precision * mean + reward) / nextPrecision;
        double nextShape = shape + 0.5;
        double nextRate = rate + precision * (reward - mean) * (reward - mean) / (2 * nextPrecision);
        return new ArmPosterior(family, 0, 0, nextMean, nextPrecision, nextShape, nextRate, observations + 1,
                rewardSum + reward);
    }

    /** The posterior mean of the arm's expected reward. */
    public double expectedReward() {
        return family == PosteriorFamily.BETA ? alpha / (alpha + beta) : mean;
    }

    public ArmBelief belief() {
        if (family == PosteriorFamily.BETA) {
            return new BetaBelief(alpha, beta);
        }
        return new StudentTBelief(mean, Math.sqrt(rate / (shape * precision)), 2 * shape);
    }

    public PosteriorSnapshot snapshot(String experiment, String arm, long version, Instant updatedAt,
            Instant lastRewardAt) {
        return new PosteriorSnapshot(SchemaVersion.CURRENT, experiment, arm, version, family, alpha, beta, mean,
                precision, shape, rate, observations, rewardSum, updatedAt, lastRewardAt);
    }
}

package io.sluice.core.posterior;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sluice.core.event.PosteriorSnapshot;
import io.sluice.core.experiment.BetaPrior;
import io.sluice.core.experiment.NormalPrior;
import java.time.Instant;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.junit.jupiter.api.Test;

class ArmPosteriorTest {

    @Test
    void zeroOneRewardsGiveTheBetaBernoulliPosterior() {
        ArmPosterior posterior = ArmPosterior.beta(new BetaPrior(2, 3));
        int[] rewards = {1, 0, 1, 1, 0, 1};
        for (int r : rewards) {
            posterior = posterior.update(r);
        }

        assertThat(posterior.alpha()).isEqualTo(2 + 4);
        assertThat(posterior.beta()).isEqualTo(3 + 2);
        assertThat(posterior.observations()).isEqualTo(6);
        assertThat(posterior.expectedReward()).isCloseTo(6.0 / 11, within(1e-15));
    }

    @Test
    void fractionalRewardsCountAsFractionalSuccesses() {
        ArmPosterior posterior = ArmPosterior.beta(BetaPrior.UNIFORM).update(0.25).update(0.75).update(0.5);

        assertThat(posterior.alpha()).isCloseTo(1 + 1.5, within(1e-12));
        assertThat(posterior.beta()).isCloseTo(1 + 1.5, within(1e-12));
        assertThatThrownBy(() -> posterior.update(1.5)).hasMessageContaining("[0, 1]");
    }

    @Test
    void sequentialNormalGammaUpdatesEqualTheBatchPosterior() {
        // Batch form (Murphy 2007, eq. 85-89): κn = κ0 + n, μn = (κ0 μ0 + n x̄)/κn, an = a0 + n/2,
        // bn = b0 + ½ Σ(x − x̄)² + κ0 n (x̄ − μ0)² / (2 κn).
        NormalPrior prior = new NormalPrior(0.5, 2.0, 1.5, 0.8);
        SplittableRandom random = new SplittableRandom(3);
        ArmPosterior posterior = ArmPosterior.normal(prior);
        SummaryStatistics stats = new SummaryStatistics();
        for (int i = 0; i < 500; i++) {
            double x = 3.0 + 2.0 * random.nextGaussian();
            posterior = posterior.update(x);
            stats.addValue(x);
        }
        long n = stats.getN();
        double xbar = stats.getMean();
        double kn = prior.precision() + n;
        double sumSquares = stats.getVariance() * (n - 1);

        assertThat(posterior.precision()).isCloseTo(kn, within(1e-9));
        assertThat(posterior.mean()).isCloseTo((prior.precision() * prior.mean() + n * xbar) / kn, within(1e-9));
        assertThat(posterior.shape()).isCloseTo(prior.shape() + n / 2.0, within(1e-9));
        assertThat(posterior.rate()).isCloseTo(prior.rate() + sumSquares / 2
                + prior.precision() * n * Math.pow(xbar - prior.mean(), 2) / (2 * kn), within(1e-6));
    }

    @Test
    void theNormalGammaBeliefIsTheStudentTMarginalOfTheMean() {
        ArmPosterior posterior = ArmPosterior.normal(new NormalPrior(1.0, 4.0, 3.0, 6.0));
        ArmBelief belief = posterior.belief();
        TDistribution t = new TDistribution(6.0);
        double scale = Math.sqrt(6.0 / (3.0 * 4.0));

        assertThat(belief.mean()).isEqualTo(1.0);
        assertThat(belief.cumulativeProbability(1.7)).isCloseTo(t.cumulativeProbability(0.7 / scale), within(1e-12));
        assertThat(belief.density(0.2)).isCloseTo(t.density(-0.8 / scale) / scale, within(1e-12));
    }

    @Test
    void aPosteriorSurvivesItsSnapshot() {
        ArmPosterior posterior = ArmPosterior.beta(BetaPrior.UNIFORM).update(1).update(0.3);
        Instant now = Instant.parse("2026-11-23T10:00:00Z");

        PosteriorSnapshot snapshot = posterior.snapshot("e", "a", 2, now, now);

        assertThat(ArmPosterior.of(snapshot)).isEqualTo(posterior);
        assertThat(snapshot.key()).isEqualTo("e/a");
    }
}

package io.sluice.core.posterior;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sluice.core.bandit.SplittableRandomGenerator;
import org.apache.commons.math3.distribution.RealDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

class ArmBeliefTest {
    /** Seeded, so deterministic; a correct sampler would fail at this level 1 time in 1000. */
    private static final double ALPHA = 0.001;

    private static double[] draws(ArmBelief belief, long seed, int n) {
        SplittableRandomGenerator random = new SplittableRandomGenerator(seed);
        double[] draws = new double[n];
        for (int i = 0; i < n; i++) {
            draws[i] = belief.sample(random);
        }
        return draws;
    }

    /** The belief as a commons-math3 distribution, for the Kolmogorov–Smirnov test. */
    private static RealDistribution asDistribution(StudentTBelief belief) {
        TDistribution standard = new TDistribution(belief.degreesOfFreedom());
        return new org.apache.commons.math3.distribution.AbstractRealDistribution(null) {
            public double density(double x) {
                return belief.density(x);
            }

            public double cumulativeProbability(double x) {
                return standard.cumulativeProbability((x - belief.location()) / belief.scale());
            }

            public double getNumericalMean() {
                return belief.mean();
            }

            public double getNumericalVariance() {
                return Double.NaN;
            }

            public double getSupportLowerBound() {
                return Double.NEGATIVE_INFINITY;
            }

            public double getSupportUpperBound() {
                return Double.POSITIVE_INFINITY;
            }

            public boolean isSupportLowerBoundInclusive() {
                return false;
            }

            public boolean isSupportUpperBoundInclusive() {
                return false;
            }

            public boolean isSupportConnected() {
                return true;
            }
        };
    }

    @Test
    void studentTDrawsFollowTheStudentTDistribution() {
        for (double df : new double[] {1, 2.5, 7, 200}) {
            StudentTBelief belief = new StudentTBelief(3.0, 0.4, df);

            double pValue = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(asDistribution(belief),
                    draws(belief, (long) df, 50_000));

            assertThat(pValue).as("KS test against t(%s)", df).isGreaterThan(ALPHA);
        }
    }

    @Test
    void theKolmogorovSmirnovCheckWouldCatchTheWrongDegreesOfFreedom() {
        StudentTBelief drawn = new StudentTBelief(3.0, 0.4, 2);
        StudentTBelief claimed = new StudentTBelief(3.0, 0.4, 4);

        double pValue = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(asDistribution(claimed),
                draws(drawn, 5, 50_000));

        assertThat(pValue).isLessThan(ALPHA);
    }

    @Test
    void betaDrawsHaveTheBetaMeanAndVariance() {
        BetaBelief belief = new BetaBelief(5000, 3000);
        double[] x = draws(belief, 11, 200_000);
        double mean = java.util.Arrays.stream(x).average().orElseThrow();
        double variance = java.util.Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum() / (x.length - 1);
        double expectedVariance = 5000.0 * 3000 / (8000.0 * 8000 * 8001);

        // Five standard errors of the sample mean and (for a near-normal sample) the sample variance.
        assertThat(mean).isCloseTo(0.625, within(5 * Math.sqrt(expectedVariance / x.length)));
        assertThat(variance).isCloseTo(expectedVariance, within(5 * expectedVariance * Math.sqrt(2.0 / x.length)));
    }

    @Test
    void beliefsWithEqualParametersAreEqual() {
        assertThat(new BetaBelief(2, 3)).isEqualTo(new BetaBelief(2, 3)).hasSameHashCodeAs(new BetaBelief(2, 3))
                .isNotEqualTo(new BetaBelief(3, 2));
        assertThat(new StudentTBelief(1, 2, 3)).isEqualTo(new StudentTBelief(1, 2, 3))
                .isNotEqualTo(new StudentTBelief(1, 2, 4));
    }

    @Test
    void quantilesAreSolvedToFullRelativePrecisionFarIntoTheTails() {
        // Beta(½, ½) has F(x) = (2/π) arcsin √x, so its 1e-13 quantile is sin²(π/2 · 1e-13) ≈ 2.5e-26.
        BetaBelief jeffreys = new BetaBelief(0.5, 0.5);
        double expected = Math.pow(Math.sin(Math.PI / 2 * 1e-13), 2);

        assertThat(jeffreys.inverseCumulativeProbability(1e-13)).isCloseTo(expected, within(expected * 1e-10));
    }

    @Test
    void aBetaBeliefNeedsPositiveParameters() {
        assertThatThrownBy(() -> new BetaBelief(0, 1)).hasMessageContaining("> 0");
    }
}

package io.sluice.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.analysis.integration.IterativeLegendreGaussIntegrator;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.special.Beta;
import org.junit.jupiter.api.Test;

class SequentialMultinomialTestTest {

    /**
     * With two categories the mixture is a Beta(c·p, c·(1−p)) over the first one's probability θ:
     * the Bayes factor is ∫ θ^n1 (1−θ)^n2 dBeta(θ) / (p^n1 (1−p)^n2), computed here independently by
     * numerical integration and by the Beta function.
     */
    @Test
    void twoCategoriesAgreeWithTheBetaBinomialIntegral() {
        long[] counts = {37, 21};
        double p = 0.6;
        double c = 10;
        BetaDistribution prior = new BetaDistribution(c * p, c * (1 - p));
        double integral = new IterativeLegendreGaussIntegrator(64, 1e-14, 1e-14).integrate(100_000,
                theta -> prior.density(theta) * Math.pow(theta, counts[0]) * Math.pow(1 - theta, counts[1]), 0, 1);
        double byIntegral = Math.log(integral) - counts[0] * Math.log(p) - counts[1] * Math.log(1 - p);
        double byBeta = Beta.logBeta(c * p + counts[0], c * (1 - p) + counts[1]) - Beta.logBeta(c * p, c * (1 - p))
                - counts[0] * Math.log(p) - counts[1] * Math.log(1 - p);

        double log = SequentialMultinomialTest.logBayesFactor(counts, new double[] {p, 1 - p}, c);

        assertThat(log).isCloseTo(byBeta, within(1e-10)).isCloseTo(byIntegral, within(1e-6));
    }

    @Test
    void noUnitsIsNoEvidenceAndAnImpossibleCategoryIsCertainMismatch() {
        assertThat(SequentialMultinomialTest.logBayesFactor(new long[] {0, 0, 0}, new double[] {0.2, 0.3, 0.5}, 100))
                .isCloseTo(0.0, within(1e-12));
        assertThat(SequentialMultinomialTest.logBayesFactor(new long[] {3, 1}, new double[] {1.0, 0.0}, 100))
                .isInfinite();
    }

    /**
     * The property the SRM check rests on: under the null, checked after every unit, the Bayes
     * factor crosses 1/α in at most a fraction α of runs (Ville). 2,000 seeded runs of 2,000 units at
     * α = 0.05, so the bound is visible: the expected false alarms are at most 100 and the run may
     * not exceed that by more than 3 binomial standard deviations (about 29).
     */
    @Test
    void checkedAfterEveryUnitUnderTheNullItRarelyCrossesOneOverAlpha() {
        double alpha = 0.05;
        double[] p = {0.5, 0.3, 0.2};
        var random = new Well19937c(20261205L);
        int alarms = 0;
        int runs = 2000;
        for (int run = 0; run < runs; run++) {
            long[] counts = new long[3];
            for (int unit = 0; unit < 2000; unit++) {
                double u = random.nextDouble();
                counts[u < 0.5 ? 0 : u < 0.8 ? 1 : 2]++;
                if (SequentialMultinomialTest.logBayesFactor(counts, p, 100) >= Math.log(1 / alpha)) {
                    alarms++;
                    break;
                }
            }
        }
        assertThat(alarms).isLessThanOrEqualTo((int) (alpha * runs + 3 * Math.sqrt(alpha * (1 - alpha) * runs)));
    }
}

package io.sluice.core.agreement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WeightedKappaTest {
    /**
     * SAS PROC FREQ's printout for this 3 × 3 table, as reproduced in statsmodels'
     * stats/tests/test_inter_rater.py (table10, res10_sas and res10w_sas). SAS prints four
     * decimals, hence the tolerance of half a unit in the last.
     */
    private static final long[][] SAS_TABLE = {{0, 4, 1}, {0, 8, 0}, {0, 1, 5}};

    private static final double PRINTED = 5e-5;

    @Test
    void linearlyWeightedKappaMatchesSasPrintout() {
        // SAS's default weighted kappa uses Cicchetti–Allison weights, linear in the column scores 1, 2, 3.
        KappaResult r = new WeightedKappa(SAS_TABLE, KappaWeights.LINEAR).result(0.95);

        assertThat(r.kappa()).isCloseTo(0.4701, within(PRINTED));
        assertThat(r.standardError()).isCloseTo(0.1457, within(PRINTED));
        assertThat(r.interval().lower()).isCloseTo(0.1845, within(PRINTED));
        assertThat(r.interval().upper()).isCloseTo(0.7558, within(PRINTED));
        assertThat(r.standardErrorUnderNull()).isCloseTo(0.1426, within(PRINTED));
        assertThat(r.z()).isCloseTo(3.2971, within(PRINTED));
        assertThat(r.pValue()).isCloseTo(0.0010, within(PRINTED));
    }

    @Test
    void unweightedKappaMatchesSasPrintout() {
        KappaResult r = new WeightedKappa(SAS_TABLE, KappaWeights.UNWEIGHTED).result(0.95);

        assertThat(r.kappa()).isCloseTo(0.4842, within(PRINTED));
        assertThat(r.standardError()).isCloseTo(0.1380, within(PRINTED));
        assertThat(r.interval().lower()).isCloseTo(0.2137, within(PRINTED));
        assertThat(r.interval().upper()).isCloseTo(0.7547, within(PRINTED));
        assertThat(r.standardErrorUnderNull()).isCloseTo(0.1484, within(PRINTED));
        assertThat(r.z()).isCloseTo(3.2626, within(PRINTED));
        assertThat(r.pValue()).isCloseTo(0.0011, within(PRINTED));
    }

    @Test
    void quadraticallyWeightedKappaMatchesRIrr() {
        // R irr::kappa2(anxiety[, 2:3], "squared") on irr's anxiety data (raters 2 and 3 of 20
        // subjects), as recorded in statsmodels' test_inter_rater.py: kappa 0.2520325, z 1.437451,
        // p 0.1505898. irr builds the table from the levels that occur (1, 2, 3, 4, 6), so level 6
        // is the fifth category here; its z divides κ by the null standard error.
        int[] rater2 = {3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4};
        int[] rater3 = {2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2};
        int[] category = {-1, 0, 1, 2, 3, -1, 4};
        long[][] table = new long[5][5];
        for (int i = 0; i < rater2.length; i++) {
            table[category[rater2[i]]][category[rater3[i]]]++;
        }

        KappaResult r = new WeightedKappa(table, KappaWeights.QUADRATIC).result(0.95);

        assertThat(r.n()).isEqualTo(20);
        assertThat(r.kappa()).isCloseTo(0.2520325, within(5e-8));
        assertThat(r.z()).isCloseTo(1.437451, within(5e-7));
        assertThat(r.pValue()).isCloseTo(0.1505898, within(5e-8));
    }

    @Test
    void standardErrorAgreesWithABootstrapOfThePairs() {
        // Independent check of the non-null standard error with quadratic weights: resample 300
        // pairs with replacement 2,000 times and take the standard deviation of κ. The bootstrap's
        // own relative error is about 1/√(2·2000) ≈ 2%, the asymptotic formula's at n = 300 a few
        // percent more; 10% covers both.
        SplittableRandom random = new SplittableRandom(20260101);
        int n = 300;
        int[] first = new int[n];
        int[] second = new int[n];
        for (int i = 0; i < n; i++) {
            int level = random.nextInt(5);
            first[i] = clamp(level + (int) Math.round(random.nextGaussian() * 0.8));
            second[i] = clamp(level + (int) Math.round(random.nextGaussian() * 0.8));
        }
        KappaResult asymptotic = new WeightedKappa(table(first, second, null), KappaWeights.QUADRATIC).result(0.95);

        int resamples = 2000;
        double sum = 0;
        double sumOfSquares = 0;
        int[] pick = new int[n];
        for (int b = 0; b < resamples; b++) {
            for (int i = 0; i < n; i++) {
                pick[i] = random.nextInt(n);
            }
            double kappa = new WeightedKappa(table(first, second, pick), KappaWeights.QUADRATIC).result(0.95).kappa();
            sum += kappa;
            sumOfSquares += kappa * kappa;
        }
        double mean = sum / resamples;
        double bootstrapSe = Math.sqrt((sumOfSquares - resamples * mean * mean) / (resamples - 1));

        assertThat(asymptotic.kappa()).isBetween(0.6, 0.9);
        assertThat(asymptotic.standardError()).isCloseTo(bootstrapSe, within(0.10 * bootstrapSe));
    }

    @Test
    void perfectAgreementHasKappaOne() {
        long[][] diagonal = {{10, 0, 0}, {0, 5, 0}, {0, 0, 7}};
        for (KappaWeights weights : KappaWeights.values()) {
            KappaResult r = new WeightedKappa(diagonal, weights).result(0.95);
            assertThat(r.kappa()).isCloseTo(1.0, within(1e-12));
            assertThat(r.interval().upper()).isLessThanOrEqualTo(1.0);
        }
    }

    @Test
    void kappaIsUndefinedWhenBothRatersUseOneCategory() {
        KappaResult r = new WeightedKappa(new long[][] {{0, 0}, {0, 12}}, KappaWeights.QUADRATIC).result(0.95);

        assertThat(r.n()).isEqualTo(12);
        assertThat(r.kappa()).isNaN();
        assertThat(r.interval().lower()).isNaN();
    }

    @Test
    void anEmptyTableIsUndefined() {
        KappaResult r = new WeightedKappa(new long[3][3], KappaWeights.QUADRATIC).result(0.95);

        assertThat(r.n()).isZero();
        assertThat(r.kappa()).isNaN();
    }

    private static int clamp(int level) {
        return Math.max(0, Math.min(4, level));
    }

    private static long[][] table(int[] first, int[] second, int[] pick) {
        long[][] t = new long[5][5];
        for (int i = 0; i < first.length; i++) {
            int j = pick == null ? i : pick[i];
            t[first[j]][second[j]]++;
        }
        return t;
    }
}

package io.sluice.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;

class ProportionStatisticsTest {

    @Test
    void wilsonIntervalMatchesNewcombesPublishedExample() {
        // Newcombe (1998), Statistics in Medicine 17:857-872, table I: 81/263, method 3 (Wilson score).
        Interval ci = new WilsonInterval(new ProportionStats(81, 263)).at(0.95);

        assertThat(ci.lower()).isCloseTo(0.2553, within(5e-5));
        assertThat(ci.upper()).isCloseTo(0.3662, within(5e-5));
    }

    @Test
    void wilsonBoundsSolveTheScoreEquation() {
        // Independent check: each bound p satisfies (p̂ - p)² = z² p (1 - p) / n.
        long n = 57;
        long x = 9;
        double z = 1.959963984540054;
        Interval ci = new WilsonInterval(new ProportionStats(x, n)).at(0.95);
        double phat = (double) x / n;
        for (double p : new double[] {ci.lower(), ci.upper()}) {
            assertThat(Math.pow(phat - p, 2)).isCloseTo(z * z * p * (1 - p) / n, within(1e-12));
        }
    }

    @Test
    void wilsonIntervalStaysInsideTheUnitIntervalAtTheEdges() {
        Interval none = new WilsonInterval(new ProportionStats(0, 20)).at(0.95);
        Interval all = new WilsonInterval(new ProportionStats(20, 20)).at(0.95);

        assertThat(none.lower()).isEqualTo(0.0);
        assertThat(none.upper()).isCloseTo(0.1611, within(1e-4));
        assertThat(all.upper()).isEqualTo(1.0);
        assertThat(all.lower()).isCloseTo(1 - 0.1611, within(1e-4));
    }

    @Test
    void theSquaredZStatisticIsPearsonsChiSquareOfTheTwoByTwoTable() {
        // The article's Simpson example, pooled: A resolves 730 of 1000, B 770 of 1000.
        ProportionStats a = new ProportionStats(730, 1000);
        ProportionStats b = new ProportionStats(770, 1000);

        TwoProportionResult result = new TwoProportionZTest(a, b).result(0.95);

        long[][] table = {{730, 270}, {770, 230}};
        ChiSquareTest chi = new ChiSquareTest();
        assertThat(result.z() * result.z()).isCloseTo(chi.chiSquare(table), within(1e-9));
        assertThat(result.pValue()).isCloseTo(chi.chiSquareTest(table), within(1e-9));
        assertThat(result.difference()).isCloseTo(0.04, within(1e-12));
        assertThat(result.differenceInterval().contains(0.04)).isTrue();
        assertThat(result.significantAt(0.05)).isTrue();
    }

    @Test
    void identicalArmsShowNoDifference() {
        TwoProportionResult result = new TwoProportionZTest(new ProportionStats(50, 100),
                new ProportionStats(50, 100)).result(0.95);

        assertThat(result.z()).isZero();
        assertThat(result.pValue()).isCloseTo(1.0, within(1e-12));
        assertThat(result.differenceInterval().contains(0)).isTrue();
    }

    @Test
    void sampleSizesMatchThePublishedSupportBotFigures() {
        // The LLM A/B testing article: 60% -> 65% resolution needs 2,942 conversations in total,
        // 60% -> 62% needs 18,672 (alpha 0.05 two-sided, power 0.8, two equal arms).
        assertThat(2 * ProportionSampleSize.perArm(0.60, 0.05, 0.05, 0.80)).isEqualTo(2942);
        assertThat(2 * ProportionSampleSize.perArm(0.60, 0.02, 0.05, 0.80)).isEqualTo(18672);
    }
}

package io.sluice.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.apache.commons.math3.stat.inference.TTest;
import org.junit.jupiter.api.Test;

class WelchTTestTest {

    private static MeanStats stats(double[] xs) {
        MeanStats s = MeanStats.EMPTY;
        for (double x : xs) {
            s = s.add(x);
        }
        return s;
    }

    @Test
    void agreesWithCommonsMathOnRawSamples() {
        SplittableRandom random = new SplittableRandom(7);
        double[] control = random.doubles(300).map(u -> 0.4 + 0.3 * u).toArray();
        double[] treatment = random.doubles(180).map(u -> 0.45 + 0.6 * u * u).toArray();

        MeanDifferenceResult result = new WelchTTest(stats(control), stats(treatment)).result(0.95);

        TTest reference = new TTest();
        assertThat(result.t()).isCloseTo(reference.t(treatment, control), within(1e-9));
        assertThat(result.pValue()).isCloseTo(reference.tTest(treatment, control), within(1e-9));
        assertThat(result.difference()).isCloseTo(
                Arrays.stream(treatment).average().orElseThrow() - Arrays.stream(control).average().orElseThrow(),
                within(1e-12));
    }

    @Test
    void theVarianceFromSufficientStatisticsMatchesTheSampleVariance() {
        double[] xs = {0.1, 0.9, 0.35, 0.35, 0.6, 0.72};
        SummaryStatistics reference = new SummaryStatistics();
        Arrays.stream(xs).forEach(reference::addValue);

        assertThat(stats(xs).variance()).isCloseTo(reference.getVariance(), within(1e-15));
        assertThat(stats(xs).mean()).isCloseTo(reference.getMean(), within(1e-15));
    }
}

package io.sluice.core.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sluice.core.event.Calibration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/**
 * A judge that sees the true quality level t of an answer but reports it through a monotone
 * distortion g; humans label t + N(0, σ²) rounded to a level of 1 … 5. The calibration must map
 * g(t) back to what humans say of such answers, E[label | t], which the test computes exactly
 * from the normal distribution function.
 *
 * <p>Tolerance 0.1 point: with 5,000 answers, about 1,000 per level, the standard error of a
 * level's mean label is σ/√1000 ≈ 0.025, so 0.1 is four of them.
 */
class IsotonicCalibrationTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final double LABEL_NOISE = 0.8;
    private static final int ANSWERS = 5000;

    /** Harsh at the bottom, compressing levels 1–3 into [1, 2.25]: g(t) = 1 + 4((t − 1)/4)². */
    private static final DoubleUnaryOperator CONVEX = t -> 1 + 4 * Math.pow((t - 1) / 4, 2);
    /** Lenient, compressing levels 3–5 into [3.83, 5]: g(t) = 1 + 4√((t − 1)/4). */
    private static final DoubleUnaryOperator CONCAVE = t -> 1 + 4 * Math.sqrt((t - 1) / 4);

    @Test
    void recoversAConvexDistortionOfADiscreteJudge() {
        SplittableRandom random = new SplittableRandom(1);
        double[] raw = new double[ANSWERS];
        int[] labels = new int[ANSWERS];
        int[] truth = new int[ANSWERS];
        simulate(random, CONVEX, 0.0, raw, labels, truth);

        Calibration calibration = IsotonicCalibration.fit("fp-convex", 1, raw, labels, T0);
        CalibrationCurve curve = CalibrationCurve.of(calibration);

        for (int t = 1; t <= 5; t++) {
            assertThat(curve.apply(CONVEX.applyAsDouble(t)))
                    .as("calibrated g(%d)", t)
                    .isCloseTo(expectedLabel(t), within(0.1));
        }
    }

    @Test
    void recoversAConcaveDistortionOfAJitteryJudge() {
        // The judge's raw score also jitters by ±0.05: within a level the fit follows noise, so
        // the check is on the mean calibrated score of each level's answers.
        SplittableRandom random = new SplittableRandom(2);
        double[] raw = new double[ANSWERS];
        int[] labels = new int[ANSWERS];
        int[] truth = new int[ANSWERS];
        simulate(random, CONCAVE, 0.05, raw, labels, truth);

        CalibrationCurve curve = CalibrationCurve.of(IsotonicCalibration.fit("fp-concave", 1, raw, labels, T0));

        double[] sum = new double[6];
        int[] count = new int[6];
        for (int i = 0; i < ANSWERS; i++) {
            sum[truth[i]] += curve.apply(raw[i]);
            count[truth[i]]++;
        }
        for (int t = 1; t <= 5; t++) {
            assertThat(sum[t] / count[t]).as("mean calibrated score at level %d", t)
                    .isCloseTo(expectedLabel(t), within(0.1));
        }
    }

    @Test
    void calibratedScoresAreCloserToTheLabelsThanRawOnes() {
        SplittableRandom random = new SplittableRandom(3);
        double[] raw = new double[ANSWERS];
        int[] labels = new int[ANSWERS];
        simulate(random, CONCAVE, 0.05, raw, labels, new int[ANSWERS]);

        CalibrationCurve curve = CalibrationCurve.of(IsotonicCalibration.fit("fp", 1, raw, labels, T0));

        double rawError = 0;
        double calibratedError = 0;
        for (int i = 0; i < ANSWERS; i++) {
            rawError += Math.abs(raw[i] - labels[i]);
            calibratedError += Math.abs(curve.apply(raw[i]) - labels[i]);
        }
        assertThat(calibratedError / ANSWERS).isLessThan(rawError / ANSWERS - 0.1);
    }

    @Test
    void theEventHasIncreasingRawScoresAndNonDecreasingLabels() {
        SplittableRandom random = new SplittableRandom(4);
        double[] raw = new double[300];
        int[] labels = new int[300];
        simulate(random, CONCAVE, 0.3, raw, labels, new int[300]);

        Calibration calibration = IsotonicCalibration.fit("fp-7", 4, raw, labels, T0);

        assertThat(calibration.fingerprint()).isEqualTo("fp-7");
        assertThat(calibration.version()).isEqualTo(4);
        assertThat(calibration.labelCount()).isEqualTo(300);
        assertThat(calibration.fittedAt()).isEqualTo(T0);
        double[] x = calibration.rawScores();
        double[] y = calibration.labels();
        for (int i = 1; i < x.length; i++) {
            assertThat(x[i]).isGreaterThan(x[i - 1]);
            assertThat(y[i]).isGreaterThanOrEqualTo(y[i - 1]);
        }
        assertThat(y[0]).isGreaterThanOrEqualTo(1);
        assertThat(y[y.length - 1]).isLessThanOrEqualTo(5);
    }

    private static void simulate(SplittableRandom random, DoubleUnaryOperator distortion, double jitter,
            double[] raw, int[] labels, int[] truth) {
        for (int i = 0; i < raw.length; i++) {
            int t = 1 + random.nextInt(5);
            truth[i] = t;
            raw[i] = distortion.applyAsDouble(t) + (2 * random.nextDouble() - 1) * jitter;
            labels[i] = (int) Math.max(1, Math.min(5, Math.floor(t + LABEL_NOISE * random.nextGaussian() + 0.5)));
        }
    }

    /** E[label | t]: t + N(0, σ²) rounded to the nearest level and clamped to 1 … 5. */
    private static double expectedLabel(int t) {
        NormalDistribution noise = new NormalDistribution(t, LABEL_NOISE);
        double expected = 0;
        for (int level = 1; level <= 5; level++) {
            double upper = level == 5 ? 1 : noise.cumulativeProbability(level + 0.5);
            double lower = level == 1 ? 0 : noise.cumulativeProbability(level - 0.5);
            expected += level * (upper - lower);
        }
        return expected;
    }
}

package io.sluice.core.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsotonicRegressionTest {

    @Test
    void poolsAdjacentViolatorsOnTheTextbookSequence() {
        // scikit-learn's test_isotonic_regression: y = 3, 7, 5, 9, 8, 7, 10 at x = 0 … 6 fits to
        // 3, 6, 6, 8, 8, 8, 10 (7 and 5 pool to 6; 9, 8 and 7 to 8).
        double[] x = {0, 1, 2, 3, 4, 5, 6};
        double[] y = {3, 7, 5, 9, 8, 7, 10};

        CalibrationCurve fit = IsotonicRegression.fit(x, y).curve();

        double[] expected = {3, 6, 6, 8, 8, 8, 10};
        for (int i = 0; i < x.length; i++) {
            assertThat(fit.apply(x[i])).isCloseTo(expected[i], within(1e-12));
        }
    }

    @Test
    void weightsPoolIntoTheWeightedMean() {
        // scikit-learn's test_isotonic_sample_weight: weights 1 … 7 pool the middle five into
        // (2·41 + 3·51 + 4·1 + 5·2 + 6·5) / 20 = 13.95.
        double[] x = {1, 2, 3, 4, 5, 6, 7};
        double[] y = {1, 41, 51, 1, 2, 5, 24};
        double[] w = {1, 2, 3, 4, 5, 6, 7};

        IsotonicRegression fit = IsotonicRegression.fit(x, y, w);

        double[] expected = {1, 13.95, 13.95, 13.95, 13.95, 13.95, 24};
        for (int i = 0; i < x.length; i++) {
            assertThat(fit.curve().apply(x[i])).isCloseTo(expected[i], within(1e-12));
        }
        // A block is kept as its two ends: 1 | 2 … 6 | 7.
        assertThat(fit.knotX()).containsExactly(1, 2, 6, 7);
        assertThat(fit.sumOfWeights()).isEqualTo(28);
    }

    @Test
    void matchesTheMinMaxFormulaOnRandomData() {
        // Independent characterisation (Barlow et al. 1972, theorem 1.4):
        // f(x_i) = max_{s ≤ i} min_{t ≥ i} (weighted mean of y_s … y_t), data sorted by x.
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 50; trial++) {
            int n = 1 + random.nextInt(25);
            double[] x = new double[n];
            double[] y = new double[n];
            double[] w = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = i + random.nextDouble() * 0.5;
                y[i] = i * 0.2 + random.nextGaussian();
                w[i] = 0.5 + random.nextDouble();
            }
            CalibrationCurve fit = IsotonicRegression.fit(x, y, w).curve();
            for (int i = 0; i < n; i++) {
                double best = Double.NEGATIVE_INFINITY;
                for (int s = 0; s <= i; s++) {
                    double lowest = Double.POSITIVE_INFINITY;
                    for (int t = i; t < n; t++) {
                        double wy = 0;
                        double ww = 0;
                        for (int u = s; u <= t; u++) {
                            wy += w[u] * y[u];
                            ww += w[u];
                        }
                        lowest = Math.min(lowest, wy / ww);
                    }
                    best = Math.max(best, lowest);
                }
                assertThat(fit.apply(x[i])).isCloseTo(best, within(1e-9));
            }
        }
    }

    @Test
    void equalRawScoresGetOneValueAndPointsStayStrictlyIncreasing() {
        double[] x = {2, 1, 1, 3, 2, 3};
        double[] y = {2, 1, 3, 5, 4, 1};

        IsotonicRegression fit = IsotonicRegression.fit(x, y);

        // x = 1 pools to 2, x = 2 to 3 and x = 3 to 3: equal neighbours are no violation.
        assertThat(fit.knotX()).containsExactly(1, 2, 3);
        assertThat(fit.knotY()).containsExactly(2, 3, 3);
    }

    @Test
    void theFitIsMonotoneWhateverTheInputOrder() {
        SplittableRandom random = new SplittableRandom(11);
        int n = 500;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 1 + 4 * random.nextDouble();
            y[i] = Math.round(x[i] + random.nextGaussian());
        }

        IsotonicRegression fit = IsotonicRegression.fit(x, y);

        double[] kx = fit.knotX();
        double[] ky = fit.knotY();
        for (int i = 1; i < kx.length; i++) {
            assertThat(kx[i]).isGreaterThan(kx[i - 1]);
            assertThat(ky[i]).isGreaterThanOrEqualTo(ky[i - 1]);
        }
        // The fit preserves the mean of y (every block sits at its own mean).
        double fittedSum = 0;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            fittedSum += fit.curve().apply(x[i]);
            sum += y[i];
        }
        assertThat(fittedSum).isCloseTo(sum, within(1e-9));
    }
}

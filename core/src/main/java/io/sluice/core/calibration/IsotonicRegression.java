package io.sluice.core.calibration;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The weighted least-squares non-decreasing fit of y on x, by pool-adjacent-violators (Ayer et
 * al. 1955; Barlow, Bartholomew, Bremner and Brunk 1972): minimise Σ w_i (y_i − f(x_i))² over
 * non-decreasing f. Observations are sorted by x and start as blocks; whenever a block's weighted
 * mean falls below its left neighbour's, the two are pooled into one block at their weighted
 * mean. Each observation is pushed once and each pooling removes a block, so after the sort the
 * fit is linear in n.
 *
 * <p>Ties in x are pooled before the fit (de Leeuw 1977's secondary approach): observations with
 * the same raw score get the same fitted value, as a calibration, a function of x, must give them.
 *
 * <p>The fit is the step function that is constant on each block. It is kept as the points where
 * it changes: each block's first and last x (one point when they coincide), so the x are
 * strictly increasing and the values non-decreasing, and between blocks the {@link
 * CalibrationCurve} interpolates linearly, as isotonic calibration usually does (Zadrozny and
 * Elkan 2002; scikit-learn's IsotonicRegression).
 */
public final class IsotonicRegression {
    private final double[] knotX;
    private final double[] knotY;
    private final double sumOfWeights;

    private IsotonicRegression(double[] knotX, double[] knotY, double sumOfWeights) {
        this.knotX = knotX;
        this.knotY = knotY;
        this.sumOfWeights = sumOfWeights;
    }

    /** The unweighted fit. */
    public static IsotonicRegression fit(double[] x, double[] y) {
        double[] w = new double[x.length];
        Arrays.fill(w, 1.0);
        return fit(x, y, w);
    }

    /** @param w positive, finite weights, one per observation */
    public static IsotonicRegression fit(double[] x, double[] y, double[] w) {
        int n = x.length;
        if (n == 0 || y.length != n || w.length != n) {
            throw new IllegalArgumentException("need the same, non-zero number of x, y and weights");
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                throw new IllegalArgumentException("observation " + i + " is not finite");
            }
            if (!(w[i] > 0) || !Double.isFinite(w[i])) {
                throw new IllegalArgumentException("weight " + i + " must be positive and finite, was " + w[i]);
            }
        }
        int[] order = IntStream.range(0, n).boxed()
                .sorted(Comparator.comparingDouble(i -> x[i]))
                .mapToInt(Integer::intValue).toArray();

        // The block stack: first and last x, weighted sum of y and sum of weights.
        double[] lowerX = new double[n];
        double[] upperX = new double[n];
        double[] sumWy = new double[n];
        double[] sumW = new double[n];
        int blocks = 0;
        int i = 0;
        double total = 0;
        while (i < n) {
            double xi = x[order[i]];
            double wy = 0;
            double ww = 0;
            while (i < n && x[order[i]] == xi) {
                wy += w[order[i]] * y[order[i]];
                ww += w[order[i]];
                i++;
            }
            total += ww;
            lowerX[blocks] = xi;
            upperX[blocks] = xi;
            sumWy[blocks] = wy;
            sumW[blocks] = ww;
            blocks++;
            while (blocks > 1 && sumWy[blocks - 2] / sumW[blocks - 2] > sumWy[blocks - 1] / sumW[blocks - 1]) {
                int b = blocks - 2;
                upperX[b] = upperX[b + 1];
                sumWy[b] += sumWy[b + 1];
                sumW[b] += sumW[b + 1];
                blocks--;
            }
        }

        double[] kx = new double[2 * blocks];
        double[] ky = new double[2 * blocks];
        int knots = 0;
        for (int b = 0; b < blocks; b++) {
            double value = sumWy[b] / sumW[b];
            kx[knots] = lowerX[b];
            ky[knots++] = value;
            if (upperX[b] > lowerX[b]) {
                kx[knots] = upperX[b];
                ky[knots++] = value;
            }
        }
        return new IsotonicRegression(Arrays.copyOf(kx, knots), Arrays.copyOf(ky, knots), total);
    }

    /** The x of the fit's points, strictly increasing. */
    public double[] knotX() {
        return knotX.clone();
    }

    /** The fitted values at {@link #knotX()}, non-decreasing. */
    public double[] knotY() {
        return knotY.clone();
    }

    public double sumOfWeights() {
        return sumOfWeights;
    }

    /** The fit as a function: the fitted value at every observed x, interpolated between blocks. */
    public CalibrationCurve curve() {
        return new CalibrationCurve(knotX, knotY);
    }
}

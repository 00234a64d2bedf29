package io.sluice.core.calibration;

import io.sluice.core.event.Calibration;
import java.util.Arrays;

/**
 * A calibration as a function of the raw judge score: through the points (x_i, y_i), linear
 * between neighbouring points and constant beyond the first and last, as {@link Calibration}
 * defines it. Linear interpolation keeps the map continuous and monotone, so two raw scores never
 * swap order and a raw score between two fitted levels gets a value between theirs. Holding the
 * ends constant refuses to extrapolate past the raw scores the calibration was fitted on.
 *
 * <p>Build one per calibration version and reuse it: {@link Calibration}'s accessors copy their
 * arrays, this class reads them once.
 */
public final class CalibrationCurve {
    private final double[] x;
    private final double[] y;

    /**
     * @param x strictly increasing raw scores
     * @param y non-decreasing values at those scores
     */
    public CalibrationCurve(double[] x, double[] y) {
        if (x.length == 0 || x.length != y.length) {
            throw new IllegalArgumentException("need the same, non-zero number of raw scores and values");
        }
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                throw new IllegalArgumentException("point " + i + " is not finite");
            }
            if (i > 0 && (!(x[i] > x[i - 1]) || y[i] < y[i - 1])) {
                throw new IllegalArgumentException("raw scores must increase and values must not decrease (point " + i + ")");
            }
        }
        this.x = x.clone();
        this.y = y.clone();
    }

    public static CalibrationCurve of(Calibration calibration) {
        return new CalibrationCurve(calibration.rawScores(), calibration.labels());
    }

    /** The calibrated score of a raw judge score. */
    public double apply(double rawScore) {
        if (Double.isNaN(rawScore)) {
            throw new IllegalArgumentException("raw score is NaN");
        }
        int last = x.length - 1;
        if (rawScore <= x[0]) {
            return y[0];
        }
        if (rawScore >= x[last]) {
            return y[last];
        }
        int at = Arrays.binarySearch(x, rawScore);
        if (at >= 0) {
            return y[at];
        }
        int upper = -at - 1;
        int lower = upper - 1;
        double t = (rawScore - x[lower]) / (x[upper] - x[lower]);
        return y[lower] + t * (y[upper] - y[lower]);
    }

    public double[] rawScores() {
        return x.clone();
    }

    public double[] values() {
        return y.clone();
    }
}

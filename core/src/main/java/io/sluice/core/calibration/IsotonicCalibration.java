package io.sluice.core.calibration;

import io.sluice.core.event.Calibration;
import io.sluice.core.event.SchemaVersion;
import java.time.Instant;

/**
 * Fits a judge's calibration: the isotonic regression of human labels on the judge's raw scores,
 * which estimates E[label | raw score] under the one assumption a calibration can defend, that a
 * higher raw score never means a lower expected label. It needs no parametric form, so it absorbs
 * a judge that is harsh at the bottom of the scale and lenient at the top alike (Zadrozny and
 * Elkan 2002; Niculescu-Mizil and Caruana 2005).
 *
 * <p>Its points become a {@link Calibration} event: strictly increasing raw scores, non-decreasing
 * labels. Between them the map is interpolated linearly and beyond them held constant ({@link
 * CalibrationCurve}).
 */
public final class IsotonicCalibration {
    private IsotonicCalibration() {}

    /**
     * @param rawScores the judge's raw scores of labelled answers
     * @param labels the human labels of the same answers, in the same order
     * @param version this fingerprint's calibration version; each fit gets a higher one
     * @param fittedAt when the fit was made, in event time
     */
    public static Calibration fit(String fingerprint, long version, double[] rawScores, int[] labels, Instant fittedAt) {
        if (rawScores.length != labels.length) {
            throw new IllegalArgumentException("raw scores and labels must pair up");
        }
        double[] y = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            y[i] = labels[i];
        }
        IsotonicRegression fit = IsotonicRegression.fit(rawScores, y);
        return new Calibration(SchemaVersion.CURRENT, fingerprint, version, fit.knotX(), fit.knotY(),
                rawScores.length, fittedAt);
    }
}

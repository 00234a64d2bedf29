package io.sluice.core.event;

import java.time.Instant;
import java.util.Arrays;

/**
 * A monotone map from a judge's raw score to the expected human label, for one judge
 * fingerprint: a step function through the points ({@code rawScores[i]}, {@code labels[i]}),
 * linearly interpolated between them and constant beyond the ends.
 */
public record Calibration(
        int schemaVersion,
        String fingerprint,
        long version,
        double[] rawScores,
        double[] labels,
        long labelCount,
        Instant fittedAt) {

    public Calibration {
        SchemaVersion.require(schemaVersion, "calibration");
        Required.text(fingerprint, "fingerprint");
        Required.present(rawScores, "raw_scores");
        Required.present(labels, "labels");
        if (rawScores.length == 0 || rawScores.length != labels.length) {
            throw new IllegalArgumentException("raw_scores, labels: must be non-empty and of equal length");
        }
        for (int i = 0; i < rawScores.length; i++) {
            // Interpolating between bounded points stays bounded, so every calibrated score is one a job can use.
            EventBounds.score(rawScores[i], "raw_scores[" + i + "]");
            EventBounds.score(labels[i], "labels[" + i + "]");
        }
        for (int i = 1; i < rawScores.length; i++) {
            if (!(rawScores[i] > rawScores[i - 1]) || labels[i] < labels[i - 1]) {
                throw new IllegalArgumentException("raw_scores must increase and labels must not decrease");
            }
        }
        Required.present(fittedAt, "fitted_at");
        rawScores = rawScores.clone();
        labels = labels.clone();
    }

    @Override
    public double[] rawScores() {
        return rawScores.clone();
    }

    @Override
    public double[] labels() {
        return labels.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Calibration c
                && fingerprint.equals(c.fingerprint)
                && version == c.version
                && Arrays.equals(rawScores, c.rawScores)
                && Arrays.equals(labels, c.labels)
                && labelCount == c.labelCount
                && fittedAt.equals(c.fittedAt);
    }

    @Override
    public int hashCode() {
        return 31 * fingerprint.hashCode() + Long.hashCode(version);
    }

    @Override
    public String toString() {
        return "Calibration[" + fingerprint + " v" + version + ", " + rawScores.length + " points, "
                + labelCount + " labels]";
    }
}

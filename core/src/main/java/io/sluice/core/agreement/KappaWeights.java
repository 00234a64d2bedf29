package io.sluice.core.agreement;

/**
 * How much credit a weighted κ gives a pair of ratings that lie {@code |i − j|} levels apart on a
 * scale of k ordered categories. These are agreement weights: 1 on the diagonal, 0 at the far
 * corners.
 */
public enum KappaWeights {
    /** Cohen (1960): credit for exact agreement only; κ_w is then Cohen's simple κ. */
    UNWEIGHTED,
    /** Cicchetti and Allison (1971): 1 − |i − j| / (k − 1), SAS's default for weighted κ. */
    LINEAR,
    /**
     * Fleiss and Cohen (1973): 1 − (i − j)² / (k − 1)². With these weights κ_w is asymptotically the
     * intraclass correlation of the two ratings, so a judge one level off loses little and a judge
     * four levels off loses everything: the weighting that fits a rubric scale, and the one
     * Sluice reports.
     */
    QUADRATIC;

    /** The agreement weight of categories {@code i} and {@code j} (0-based) out of {@code categories}. */
    public double weight(int i, int j, int categories) {
        if (i == j) {
            return 1.0;
        }
        double distance = Math.abs(i - j) / (double) (categories - 1);
        return switch (this) {
            case UNWEIGHTED -> 0.0;
            case LINEAR -> 1.0 - distance;
            case QUADRATIC -> 1.0 - distance * distance;
        };
    }
}

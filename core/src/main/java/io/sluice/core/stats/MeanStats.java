package io.sluice.core.stats;

/** The sufficient statistics of a continuous metric: count, sum and sum of squares. */
public record MeanStats(long n, double sum, double sumOfSquares) {
    public static final MeanStats EMPTY = new MeanStats(0, 0, 0);

    public MeanStats add(double x) {
        return new MeanStats(n + 1, sum + x, sumOfSquares + x * x);
    }

    public double mean() {
        return n == 0 ? Double.NaN : sum / n;
    }

    /** The unbiased sample variance. */
    public double variance() {
        if (n < 2) {
            return Double.NaN;
        }
        double mean = mean();
        return Math.max(0.0, (sumOfSquares - n * mean * mean) / (n - 1));
    }
}

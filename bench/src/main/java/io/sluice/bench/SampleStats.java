package io.sluice.bench;

import java.util.Arrays;

/** Mean, sample standard deviation and range of a benchmark's repeated measurements. */
record SampleStats(int n, double mean, double sd, double min, double max) {
    static SampleStats of(double[] values) {
        int n = values.length;
        if (n == 0) {
            return new SampleStats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = Arrays.stream(values).average().orElseThrow();
        double sd = n < 2 ? 0
                : Math.sqrt(Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / (n - 1));
        return new SampleStats(n, mean, sd, Arrays.stream(values).min().orElseThrow(),
                Arrays.stream(values).max().orElseThrow());
    }

    double standardError() {
        return n == 0 ? Double.NaN : sd / Math.sqrt(n);
    }
}

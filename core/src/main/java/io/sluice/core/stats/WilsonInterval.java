package io.sluice.core.stats;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The Wilson score interval for a proportion (Wilson 1927; Newcombe 1998, method 3). Unlike the
 * Wald interval it stays inside [0, 1] and keeps its coverage near 0 and 1 and at small n, which
 * is where early experiment readouts live.
 */
public final class WilsonInterval {
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(0, 1);

    private final ProportionStats stats;

    public WilsonInterval(ProportionStats stats) {
        this.stats = stats;
    }

    public Interval at(double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1), was " + level);
        }
        long n = stats.trials();
        if (n == 0) {
            return new Interval(0.0, 1.0, level);
        }
        double z = STANDARD_NORMAL.inverseCumulativeProbability(1 - (1 - level) / 2);
        double p = stats.rate();
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double center = (p + z2 / (2.0 * n)) / denominator;
        double half = z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new Interval(Math.max(0.0, center - half), Math.min(1.0, center + half), level);
    }
}

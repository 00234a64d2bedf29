package io.sluice.core.stats;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Units needed per arm of a 50/50 test to detect a change in a proportion with a two-sided
 * z-test, by the usual normal approximation:
 * n = (z_{1-α/2}·√(2p̄(1-p̄)) + z_{1-β}·√(p₁(1-p₁)+p₂(1-p₂)))² / (p₂-p₁)².
 */
public final class ProportionSampleSize {
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(0, 1);

    private ProportionSampleSize() {}

    public static long perArm(double baselineRate, double minimumDetectableEffect, double alpha, double power) {
        double p1 = baselineRate;
        double p2 = baselineRate + minimumDetectableEffect;
        if (!(p1 > 0 && p1 < 1) || !(p2 > 0 && p2 < 1) || minimumDetectableEffect == 0) {
            throw new IllegalArgumentException("need 0 < baseline, baseline + effect < 1 and a non-zero effect");
        }
        if (!(alpha > 0 && alpha < 1) || !(power > 0 && power < 1)) {
            throw new IllegalArgumentException("alpha and power must be in (0, 1)");
        }
        double pooled = (p1 + p2) / 2;
        double zAlpha = STANDARD_NORMAL.inverseCumulativeProbability(1 - alpha / 2);
        double zBeta = STANDARD_NORMAL.inverseCumulativeProbability(power);
        double numerator = zAlpha * Math.sqrt(2 * pooled * (1 - pooled))
                + zBeta * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
        double n = Math.pow(numerator / (p2 - p1), 2);
        return (long) Math.ceil(n);
    }
}

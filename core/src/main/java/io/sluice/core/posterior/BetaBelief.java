package io.sluice.core.posterior;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * A Beta(α, β) belief about a success rate in [0, 1]. Two beliefs with the same parameters are
 * equal, which lets the propensity computation treat arms with identical posteriors as exact
 * twins.
 */
public final class BetaBelief implements ArmBelief {
    /**
     * Quantiles are solved to full relative precision rather than commons-math3's default
     * absolute 1e-9: a Beta(½, ½) has F(1e-9) ≈ 2·10⁻⁵, so a lower quantile that is only good to
     * 1e-9 in x would cut tens of thousands of times more mass than the tail it was asked for.
     */
    private static final double INVERSE_ACCURACY = Double.MIN_NORMAL;

    private final double alpha;
    private final double beta;
    private final BetaDistribution distribution;

    public BetaBelief(double alpha, double beta) {
        if (!(alpha > 0) || !(beta > 0) || Double.isInfinite(alpha) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("alpha and beta must be finite and > 0, were " + alpha + ", " + beta);
        }
        this.alpha = alpha;
        this.beta = beta;
        // No random generator of its own: sampling takes the caller's, which is thread-confined.
        this.distribution = new BetaDistribution(null, alpha, beta, INVERSE_ACCURACY);
    }

    public double alpha() {
        return alpha;
    }

    public double beta() {
        return beta;
    }

    @Override
    public double density(double x) {
        return distribution.density(x);
    }

    @Override
    public double cumulativeProbability(double x) {
        return distribution.cumulativeProbability(x);
    }

    @Override
    public double inverseCumulativeProbability(double p) {
        return distribution.inverseCumulativeProbability(p);
    }

    /**
     * One draw by Cheng's algorithms BB and BC (commons-math3's sampler). The distribution object
     * around it is created per draw because it binds the caller's generator; its constructor only
     * stores fields (the normalising constant is computed lazily, for densities), so the draw
     * itself is the cost — see the sampling benchmark in BENCHMARKS.md.
     */
    @Override
    public double sample(RandomGenerator random) {
        return new BetaDistribution(random, alpha, beta, INVERSE_ACCURACY).sample();
    }

    @Override
    public double mean() {
        return alpha / (alpha + beta);
    }

    @Override
    public double supportLowerBound() {
        return 0.0;
    }

    @Override
    public double supportUpperBound() {
        return 1.0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BetaBelief that
                && Double.compare(alpha, that.alpha) == 0 && Double.compare(beta, that.beta) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(alpha) + Double.hashCode(beta);
    }

    @Override
    public String toString() {
        return "Beta(" + alpha + ", " + beta + ")";
    }
}

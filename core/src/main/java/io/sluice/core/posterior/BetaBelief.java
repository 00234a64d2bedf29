package io.sluice.core.posterior;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.random.RandomGenerator;

/** A Beta(α, β) belief about a success rate in [0, 1]. */
public final class BetaBelief implements ArmBelief {
    private final double alpha;
    private final double beta;
    private final BetaDistribution distribution;

    public BetaBelief(double alpha, double beta) {
        this.alpha = alpha;
        this.beta = beta;
        // No random generator of its own: sampling takes the caller's, which is thread-confined.
        this.distribution = new BetaDistribution(null, alpha, beta, BetaDistribution.DEFAULT_INVERSE_ABSOLUTE_ACCURACY);
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

    @Override
    public double sample(RandomGenerator random) {
        return new BetaDistribution(random, alpha, beta, BetaDistribution.DEFAULT_INVERSE_ABSOLUTE_ACCURACY).sample();
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
    public String toString() {
        return "Beta(" + alpha + ", " + beta + ")";
    }
}

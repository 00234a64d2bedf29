package io.sluice.core.posterior;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * The marginal belief about the mean of a Normal reward under a Normal-Gamma posterior:
 * a Student t with 2·shape degrees of freedom, located at the posterior mean and scaled by
 * √(rate / (shape · precision)).
 */
public final class StudentTBelief implements ArmBelief {
    private final double location;
    private final double scale;
    private final double degreesOfFreedom;
    private final TDistribution standard;

    public StudentTBelief(double location, double scale, double degreesOfFreedom) {
        if (!(scale > 0) || !(degreesOfFreedom > 0)) {
            throw new IllegalArgumentException("scale and degrees of freedom must be > 0");
        }
        this.location = location;
        this.scale = scale;
        this.degreesOfFreedom = degreesOfFreedom;
        this.standard = new TDistribution(null, degreesOfFreedom, TDistribution.DEFAULT_INVERSE_ABSOLUTE_ACCURACY);
    }

    @Override
    public double density(double x) {
        return standard.density((x - location) / scale) / scale;
    }

    @Override
    public double cumulativeProbability(double x) {
        return standard.cumulativeProbability((x - location) / scale);
    }

    @Override
    public double inverseCumulativeProbability(double p) {
        return location + scale * standard.inverseCumulativeProbability(p);
    }

    @Override
    public double sample(RandomGenerator random) {
        return location + scale * new TDistribution(random, degreesOfFreedom,
                TDistribution.DEFAULT_INVERSE_ABSOLUTE_ACCURACY).sample();
    }

    @Override
    public double mean() {
        return location;
    }

    @Override
    public double supportLowerBound() {
        return Double.NEGATIVE_INFINITY;
    }

    @Override
    public double supportUpperBound() {
        return Double.POSITIVE_INFINITY;
    }

    public double location() {
        return location;
    }

    public double scale() {
        return scale;
    }

    public double degreesOfFreedom() {
        return degreesOfFreedom;
    }
}

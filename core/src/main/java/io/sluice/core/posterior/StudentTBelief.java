package io.sluice.core.posterior;

import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * The marginal belief about the mean of a Normal reward under a Normal-Gamma posterior:
 * a Student t with 2·shape degrees of freedom, located at the posterior mean and scaled by
 * √(rate / (shape · precision)). Two beliefs with the same parameters are equal.
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

    /**
     * One draw as Z / √(V/ν) with Z standard normal and V/ν ~ Gamma(ν/2, scale 2/ν), which is the
     * definition of Student's t. commons-math3's {@code TDistribution} has no sampler of its own
     * and would draw by inverting its distribution function with a root finder, fifteen times
     * slower (BENCHMARKS.md); the Gamma draw is commons-math3's Marsaglia–Tsang sampler.
     */
    @Override
    public double sample(RandomGenerator random) {
        double z = random.nextGaussian();
        double v = new GammaDistribution(random, degreesOfFreedom / 2, 2 / degreesOfFreedom,
                GammaDistribution.DEFAULT_INVERSE_ABSOLUTE_ACCURACY).sample();
        return location + scale * z / Math.sqrt(v);
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

    @Override
    public boolean equals(Object other) {
        return other instanceof StudentTBelief that
                && Double.compare(location, that.location) == 0
                && Double.compare(scale, that.scale) == 0
                && Double.compare(degreesOfFreedom, that.degreesOfFreedom) == 0;
    }

    @Override
    public int hashCode() {
        return (31 * Double.hashCode(location) + Double.hashCode(scale)) * 31 + Double.hashCode(degreesOfFreedom);
    }

    @Override
    public String toString() {
        return "t(" + degreesOfFreedom + " df, location " + location + ", scale " + scale + ")";
    }
}

package io.sluice.simulator.quality;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * How the true quality of single answers spreads around a variant's mean: Beta with the given
 * mean and concentration, i.e. Beta(mean·c, (1−mean)·c). Its variance is mean(1−mean)/(c+1), so
 * c = 20 gives a standard deviation of about 0.11 at a mean of 0.55: answers of one arm differ
 * visibly, but a few hundred of them pin the mean down to about a hundredth.
 */
public record QualityDistribution(double mean, double concentration) {

    public QualityDistribution {
        if (!(mean >= 0 && mean <= 1)) {
            throw new IllegalArgumentException("mean must be in [0, 1], was " + mean);
        }
        if (!(concentration > 0)) {
            throw new IllegalArgumentException("concentration must be positive, was " + concentration);
        }
    }

    /** One answer's quality. A mean of exactly 0 or 1 has no spread. */
    public double draw(RandomGenerator rng) {
        if (mean == 0 || mean == 1) {
            return mean;
        }
        return new BetaDistribution(rng, mean * concentration, (1 - mean) * concentration).sample();
    }

    public double standardDeviation() {
        return Math.sqrt(mean * (1 - mean) / (concentration + 1));
    }
}

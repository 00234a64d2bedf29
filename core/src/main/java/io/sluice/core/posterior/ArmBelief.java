package io.sluice.core.posterior;

import org.apache.commons.math3.random.RandomGenerator;

/**
 * What the posterior says about one arm's expected reward: a continuous distribution that
 * Thompson sampling draws from and whose density and distribution function give the exact
 * probability of each arm being chosen.
 */
public interface ArmBelief {
    double density(double x);

    double cumulativeProbability(double x);

    double inverseCumulativeProbability(double p);

    double sample(RandomGenerator random);

    double mean();

    /** The smallest value the expected reward can take (−∞ when unbounded). */
    double supportLowerBound();

    /** The largest value the expected reward can take (+∞ when unbounded). */
    double supportUpperBound();
}

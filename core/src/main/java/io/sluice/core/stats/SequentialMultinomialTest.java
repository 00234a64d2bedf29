package io.sluice.core.stats;

import org.apache.commons.math3.special.Gamma;

/**
 * An always-valid test that counts fall into categories with known probabilities, for sample ratio
 * mismatch: the Dirichlet–multinomial Bayes factor of Lindon and Malek ("Anytime-valid inference
 * for multinomial count data", NeurIPS 2022). Against the null {@code p}, the alternative is a
 * Dirichlet mixture centred on it, {@code Dirichlet(c·p)}; the Bayes factor of counts {@code n}
 * (of {@code N} units) is
 *
 * <pre>BF = [Γ(c) / Γ(c + N)] · Π_k Γ(c·p_k + n_k) / Γ(c·p_k) / Π_k p_k^n_k</pre>
 *
 * Under the null it is a nonnegative martingale with mean 1 as the units come in one by one, so by
 * Ville's inequality it ever reaches {@code 1/α} with probability at most {@code α}: it may be
 * checked after every unit, for as long as the experiment runs, without inflating false alarms.
 * Bayes factors of independent streams (one per set of probabilities) multiply, and the product
 * is again such a martingale.
 */
public final class SequentialMultinomialTest {
    private SequentialMultinomialTest() {}

    /**
     * The natural log of the Bayes factor.
     *
     * @param counts units per category
     * @param p the null probabilities, summing to 1; a category with probability 0 must have no units
     * @param concentration {@code c}, the mixture's prior sample size: larger is more sensitive to
     *     small departures and slower to react to large ones
     * @return the log Bayes factor; +∞ if a category with probability 0 has units
     */
    public static double logBayesFactor(long[] counts, double[] p, double concentration) {
        if (counts.length != p.length) {
            throw new IllegalArgumentException(counts.length + " counts but " + p.length + " probabilities");
        }
        if (!(concentration > 0)) {
            throw new IllegalArgumentException("concentration must be > 0, was " + concentration);
        }
        long n = 0;
        double log = 0;
        for (int k = 0; k < counts.length; k++) {
            if (counts[k] < 0 || !(p[k] >= 0)) {
                throw new IllegalArgumentException("counts must be >= 0 and probabilities >= 0");
            }
            if (p[k] == 0) {
                if (counts[k] > 0) {
                    return Double.POSITIVE_INFINITY;
                }
                continue;
            }
            double alpha = concentration * p[k];
            log += Gamma.logGamma(alpha + counts[k]) - Gamma.logGamma(alpha) - counts[k] * Math.log(p[k]);
            n += counts[k];
        }
        return log + Gamma.logGamma(concentration) - Gamma.logGamma(concentration + n);
    }
}

package io.sluice.core.stats;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * Welch's two-sample t-test for a difference in means, without assuming equal variances, with
 * the Welch–Satterthwaite degrees of freedom. Used for rewards that are not 0/1.
 */
public final class WelchTTest {
    private final MeanStats control;
    private final MeanStats treatment;

    public WelchTTest(MeanStats control, MeanStats treatment) {
        this.control = control;
        this.treatment = treatment;
    }

    public MeanDifferenceResult result(double level) {
        if (control.n() < 2 || treatment.n() < 2) {
            return new MeanDifferenceResult(control, treatment, Double.NaN,
                    new Interval(Double.NaN, Double.NaN, level), Double.NaN, Double.NaN, Double.NaN);
        }
        double v1 = control.variance() / control.n();
        double v2 = treatment.variance() / treatment.n();
        double difference = treatment.mean() - control.mean();
        double se = Math.sqrt(v1 + v2);
        if (se == 0) {
            return new MeanDifferenceResult(control, treatment, difference, new Interval(difference, difference, level),
                    Double.NaN, Double.POSITIVE_INFINITY, difference == 0 ? 1.0 : 0.0);
        }
        double df = (v1 + v2) * (v1 + v2)
                / (v1 * v1 / (control.n() - 1) + v2 * v2 / (treatment.n() - 1));
        TDistribution t = new TDistribution(df);
        double statistic = difference / se;
        double pValue = 2 * t.cumulativeProbability(-Math.abs(statistic));
        double critical = t.inverseCumulativeProbability(1 - (1 - level) / 2);
        return new MeanDifferenceResult(control, treatment, difference,
                new Interval(difference - critical * se, difference + critical * se, level), statistic, df, pValue);
    }

    /** The t-interval of one mean. */
    public static Interval interval(MeanStats stats, double level) {
        if (stats.n() < 2) {
            return new Interval(Double.NaN, Double.NaN, level);
        }
        double se = Math.sqrt(stats.variance() / stats.n());
        double critical = new TDistribution(stats.n() - 1).inverseCumulativeProbability(1 - (1 - level) / 2);
        return new Interval(stats.mean() - critical * se, stats.mean() + critical * se, level);
    }
}

package io.sluice.core.stats;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The two-sided two-proportion z-test with a pooled standard error under the null hypothesis of
 * equal rates. Its z² equals Pearson's chi-square statistic of the 2×2 table without continuity
 * correction. The interval of the difference uses the unpooled (Wald) standard error, since it is
 * not computed under the null.
 */
public final class TwoProportionZTest {
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(0, 1);

    private final ProportionStats control;
    private final ProportionStats treatment;

    public TwoProportionZTest(ProportionStats control, ProportionStats treatment) {
        this.control = control;
        this.treatment = treatment;
    }

    public TwoProportionResult result(double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1), was " + level);
        }
        long n1 = control.trials();
        long n2 = treatment.trials();
        if (n1 == 0 || n2 == 0) {
            Interval unknown = new Interval(Double.NaN, Double.NaN, level);
            return new TwoProportionResult(control, treatment, Double.NaN, unknown, Double.NaN, Double.NaN);
        }
        double p1 = control.rate();
        double p2 = treatment.rate();
        double difference = p2 - p1;
        double pooled = (double) (control.successes() + treatment.successes()) / (n1 + n2);
        double pooledSe = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        double z;
        double pValue;
        if (pooledSe == 0) {
            // Both arms all successes or all failures: no evidence of any difference.
            z = 0;
            pValue = 1;
        } else {
            z = difference / pooledSe;
            pValue = 2 * STANDARD_NORMAL.cumulativeProbability(-Math.abs(z));
        }
        double zCrit = STANDARD_NORMAL.inverseCumulativeProbability(1 - (1 - level) / 2);
        double se = Math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2);
        Interval interval = new Interval(difference - zCrit * se, difference + zCrit * se, level);
        return new TwoProportionResult(control, treatment, difference, interval, z, pValue);
    }
}

package io.sluice.core.stats;

/**
 * A comparison of a treatment's rate against a control's.
 *
 * @param difference treatment rate minus control rate
 * @param differenceInterval the Wald interval of the difference
 * @param z the pooled two-proportion z statistic
 * @param pValue two-sided
 */
public record TwoProportionResult(
        ProportionStats control,
        ProportionStats treatment,
        double difference,
        Interval differenceInterval,
        double z,
        double pValue) {

    public boolean significantAt(double alpha) {
        return pValue < alpha;
    }
}

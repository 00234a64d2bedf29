package io.sluice.core.analysis;

import io.sluice.core.stats.Interval;

/**
 * One arm's result in an experiment readout.
 *
 * @param exposures decisions for units in the experiment
 * @param observed exposures that got at least one counted signal (the rest got the default)
 * @param rewardRate the mean settled reward per exposure
 * @param interval its confidence interval (Wilson for 0/1 rewards, t otherwise)
 * @param difference the arm's rate minus the control arm's; NaN for the control arm itself
 * @param differenceInterval its confidence interval
 * @param pValue two-sided: two-proportion z-test for 0/1 rewards, Welch's t-test otherwise
 */
public record ArmReadout(
        String arm,
        boolean control,
        long exposures,
        long observed,
        double rewardRate,
        Interval interval,
        double difference,
        Interval differenceInterval,
        double pValue) {}

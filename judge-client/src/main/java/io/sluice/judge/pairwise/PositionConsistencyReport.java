package io.sluice.judge.pairwise;

import io.sluice.core.stats.Interval;
import java.util.Locale;

/**
 * Position consistency over a set of comparisons.
 *
 * @param comparisons         comparisons with a verdict in both orders
 * @param consistent          of those, the ones whose verdict survived the swap
 * @param failed              comparisons with no verdict (left out of the rate)
 * @param rate                consistent / comparisons; NaN with no comparisons
 * @param interval            Wilson 95% interval of the rate
 * @param decisiveCalls       single calls that named a winner
 * @param shownFirstWinRate   of those, the share won by the answer shown first; NaN without any
 */
public record PositionConsistencyReport(
        long comparisons, long consistent, long failed, double rate, Interval interval, long decisiveCalls,
        double shownFirstWinRate) {

    public String summary() {
        return String.format(Locale.ROOT,
                "position consistency %.3f (95%% CI %.3f-%.3f) over %d comparisons, %d failed; "
                        + "shown-first answer won %.3f of %d decisive calls",
                rate, interval.lower(), interval.upper(), comparisons, failed, shownFirstWinRate, decisiveCalls);
    }
}

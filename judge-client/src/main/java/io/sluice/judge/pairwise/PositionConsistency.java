package io.sluice.judge.pairwise;

import io.sluice.core.stats.ProportionStats;
import io.sluice.core.stats.WilsonInterval;
import java.util.concurrent.atomic.LongAdder;

/**
 * How often a pairwise judge's verdict survives swapping the answers' order, over many
 * comparisons. A judge without position bias is consistent whenever the answers differ clearly;
 * one that always picks the first position is never consistent. Also counts how often the
 * answer shown first won a decisive single call: near one half for an unbiased judge.
 *
 * <p>Safe to record from many threads; a report read while recording may be off by the
 * comparisons in flight.
 */
public final class PositionConsistency {
    private final LongAdder comparisons = new LongAdder();
    private final LongAdder consistent = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder decisiveCalls = new LongAdder();
    private final LongAdder shownFirstWins = new LongAdder();

    public void record(PairwiseVerdict verdict) {
        if (!verdict.decided()) {
            failed.increment();
            return;
        }
        comparisons.increment();
        if (verdict.positionConsistent()) {
            consistent.increment();
        }
        // With the first answer shown first, a win for FIRST is a win for position A; swapped, for SECOND.
        countCall(verdict.firstShownFirst(), Preference.FIRST);
        countCall(verdict.secondShownFirst(), Preference.SECOND);
    }

    private void countCall(Preference verdict, Preference shownFirst) {
        if (verdict == Preference.TIE) {
            return;
        }
        decisiveCalls.increment();
        if (verdict == shownFirst) {
            shownFirstWins.increment();
        }
    }

    public PositionConsistencyReport report() {
        long n = comparisons.sum();
        long k = Math.min(n, consistent.sum());
        long calls = decisiveCalls.sum();
        long firstWins = Math.min(calls, shownFirstWins.sum());
        ProportionStats stats = new ProportionStats(k, n);
        return new PositionConsistencyReport(n, k, failed.sum(), stats.rate(),
                new WilsonInterval(stats).at(0.95), calls, calls == 0 ? Double.NaN : (double) firstWins / calls);
    }
}

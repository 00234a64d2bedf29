package io.sluice.core.monitor;

import io.sluice.core.agreement.AgreementResult;
import io.sluice.core.drift.PageHinkleyState;
import io.sluice.core.judge.RubricScale;
import java.time.Instant;

/**
 * What the {@link JudgeMonitor} remembers of one judge fingerprint, in parts: the recent pairs, the
 * calibration in force, the drift detectors and the drift history. Every part is a record of
 * primitives, primitive arrays, Strings, Instants and small records of the same, so Flink keeps
 * the state as a POJO in keyed state, without Kryo. Its size is bounded by the window: four arrays
 * of W entries, the calibration's points and a few dozen numbers.
 *
 * <p>Treat it as a value: {@link JudgeMonitor#step} never changes a state it is given, it returns
 * a new one, and nothing else should change one either.
 *
 * @param fingerprint the judge this state is about
 * @param scale the scale of its rubric
 * @param phase where the judge stands
 * @param pairs labelled pairs seen so far; pair numbers below count from 1
 * @param window the last W pairs
 * @param calibration the calibration in force
 * @param detectors the drift tests on the pairs since they last started over
 * @param drift the drift alerts raised so far and the agreement around the last one
 */
public record JudgeMonitorState(
        String fingerprint,
        RubricScale scale,
        MonitorPhase phase,
        long pairs,
        PairWindow window,
        CalibrationInForce calibration,
        Detectors detectors,
        DriftHistory drift) {

    /**
     * A ring buffer of the last W labelled pairs.
     *
     * @param rawScores their raw judge scores
     * @param scores the score each got when it arrived: calibrated by the calibration then in
     *     force, or raw before the first
     * @param labels their human labels
     * @param eventTimes their event times, in epoch milliseconds
     * @param size how many pairs it holds (at most W)
     * @param next the slot the next pair goes to
     */
    public record PairWindow(double[] rawScores, double[] scores, int[] labels, long[] eventTimes, int size,
            int next) {}

    /**
     * The calibration in force.
     *
     * @param version its version; 0 before the first
     * @param rawScores its points' raw scores (empty before the first)
     * @param labels its points' expected labels
     * @param labelCount how many pairs it was fitted on
     * @param fittedAt when it was fitted, in event time (null before the first)
     * @param mae its in-sample mean |residual|, the yardstick of recovery
     * @param atPair the pair number at which it was fitted
     */
    public record CalibrationInForce(long version, double[] rawScores, double[] labels, long labelCount,
            Instant fittedAt, double mae, long atPair) {

        static final CalibrationInForce NONE = new CalibrationInForce(0, new double[0], new double[0], 0, null,
                Double.NaN, 0);
    }

    /**
     * The two Page–Hinkley tests.
     *
     * @param residual the state on residuals (score − label)
     * @param absoluteResidual the state on |residual|
     * @param resetAtPair the pair number after which they started over
     * @param since the event time of the first pair they saw since (null until it arrives)
     */
    public record Detectors(PageHinkleyState residual, PageHinkleyState absoluteResidual, long resetAtPair,
            Instant since) {

        static final Detectors FRESH = new Detectors(PageHinkleyState.RESET, PageHinkleyState.RESET, 0, null);
    }

    /**
     * The drift alerts so far.
     *
     * @param count drift alerts raised so far; the n-th alert's id ends in n
     * @param atPair the pair number of the last one
     * @param onsetPair the last pair before that drift's estimated onset
     * @param before agreement of the pairs between the last reset and the estimated onset of the
     *     last drift, as scored then (null before any drift)
     * @param during agreement of the pairs from that onset to the refit, scored with the stale
     *     calibration (null until the refit)
     * @param afterRecovery agreement of the pairs from the refit to the recovery, scored with the
     *     new calibration (null until the recovery)
     */
    public record DriftHistory(long count, long atPair, long onsetPair, AgreementResult before,
            AgreementResult during, AgreementResult afterRecovery) {

        static final DriftHistory NONE = new DriftHistory(0, 0, 0, null, null, null);
    }
}

package io.sluice.core.monitor;

import io.sluice.core.agreement.AgreementResult;
import io.sluice.core.drift.PageHinkleyState;
import java.time.Instant;

/**
 * What the {@link JudgeMonitor} remembers of one judge fingerprint: a record of primitives,
 * primitive arrays, Strings, Instants, an enum and small records of the same, so Flink keeps it as
 * a POJO in keyed state, without Kryo. Its size is bounded by the window: four arrays of W
 * entries, the calibration's points and a few dozen numbers.
 *
 * <p>Treat it as a value: {@link JudgeMonitor#step} never changes a state it is given, it returns
 * a new one, and nothing else should change one either.
 *
 * @param fingerprint the judge this state is about
 * @param scaleMin the lowest level of its rubric scale
 * @param scaleMax the highest level
 * @param phase where the judge stands
 * @param pairs labelled pairs seen so far; pair numbers below count from 1
 * @param rawScores ring buffer of the last W pairs' raw judge scores
 * @param scores the score each of those pairs got when it arrived: calibrated by the calibration
 *     then in force, or raw before the first
 * @param labels their human labels
 * @param eventTimes their event times, in epoch milliseconds
 * @param size how many pairs the ring buffer holds (at most W)
 * @param next the slot the next pair goes to
 * @param calibrationVersion the version of the calibration in force; 0 before the first
 * @param calibrationRawScores its points' raw scores (empty before the first)
 * @param calibrationLabels its points' expected labels
 * @param calibrationLabelCount how many pairs it was fitted on
 * @param calibrationFittedAt when it was fitted, in event time (null before the first)
 * @param calibrationMae its in-sample mean |residual|, the yardstick of recovery
 * @param calibratedAtPair the pair number at which it was fitted
 * @param residualDetector the Page–Hinkley state on residuals (score − label)
 * @param absoluteResidualDetector the Page–Hinkley state on |residual|
 * @param detectorsResetAtPair the pair number after which the detectors started over
 * @param detectorsSince the event time of the first pair the detectors saw since (null until it arrives)
 * @param drifts drift alerts raised so far; the n-th alert's id ends in n
 * @param driftAtPair the pair number of the last drift alert
 * @param driftOnsetPair the last pair before that drift's estimated onset
 * @param beforeDrift agreement of the pairs between the last reset and the estimated onset of the
 *     last drift, as scored then (null before any drift)
 * @param duringDrift agreement of the pairs from that onset to the refit, scored with the stale
 *     calibration (null until the refit)
 * @param afterRecovery agreement of the pairs from the refit to the recovery, scored with the new
 *     calibration (null until the recovery)
 */
public record JudgeMonitorState(
        String fingerprint,
        int scaleMin,
        int scaleMax,
        MonitorPhase phase,
        long pairs,
        double[] rawScores,
        double[] scores,
        int[] labels,
        long[] eventTimes,
        int size,
        int next,
        long calibrationVersion,
        double[] calibrationRawScores,
        double[] calibrationLabels,
        long calibrationLabelCount,
        Instant calibrationFittedAt,
        double calibrationMae,
        long calibratedAtPair,
        PageHinkleyState residualDetector,
        PageHinkleyState absoluteResidualDetector,
        long detectorsResetAtPair,
        Instant detectorsSince,
        long drifts,
        long driftAtPair,
        long driftOnsetPair,
        AgreementResult beforeDrift,
        AgreementResult duringDrift,
        AgreementResult afterRecovery) {}

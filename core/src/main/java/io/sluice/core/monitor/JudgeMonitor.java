package io.sluice.core.monitor;

import io.sluice.core.agreement.AgreementResult;
import io.sluice.core.agreement.JudgeHumanAgreement;
import io.sluice.core.calibration.CalibrationCurve;
import io.sluice.core.calibration.IsotonicCalibration;
import io.sluice.core.drift.DriftDirection;
import io.sluice.core.drift.PageHinkley;
import io.sluice.core.drift.PageHinkleyAlarm;
import io.sluice.core.drift.PageHinkleyState;
import io.sluice.core.event.Alert;
import io.sluice.core.event.AlertEvidence;
import io.sluice.core.event.AlertKind;
import io.sluice.core.event.Calibration;
import io.sluice.core.event.SchemaVersion;
import io.sluice.core.judge.RubricScale;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The agreement job's decision for one judge fingerprint: given each labelled pair it keeps the
 * rolling agreement figures, fits and refits the isotonic calibration, watches for drift and
 * raises and closes drift alerts. Pure and deterministic: the same pairs from the same state give
 * the same states, calibrations and alerts (times come from the pairs' event time, alert ids from
 * counters), so a replay after a failure re-emits identical records.
 *
 * <p>The state machine ({@link MonitorPhase}), with W, N, R, K from {@link JudgeMonitorSettings}:
 * <ol>
 *   <li><b>Warming up.</b> Pairs go into a ring buffer of the last W. Their scores are the raw
 *       judge scores and the drift tests watch the raw residuals (raw − label). At the N-th pair
 *       the first calibration (version 1) is fitted on the last N pairs and emitted; the
 *       detectors start over on calibrated residuals, primed with the mean residual and mean
 *       |residual| of the fit's own pairs.
 *   <li><b>Calibrated.</b> Each pair is scored with the calibration in force. Two Page–Hinkley
 *       tests watch it: a two-sided one on the residual (score − label), which catches a judge
 *       that starts to over- or under-score, and a one-sided one on |residual|, which catches a
 *       judge that stops agreeing without a bias. When either crosses its threshold a
 *       {@code judge_drift} alert is raised. Its evidence: the statistic, its value, the
 *       threshold, the window from the first pair the detectors saw since their reset to the
 *       alarming pair, and the number of labels in it.
 *   <li><b>Drifting.</b> The detectors pause. After R more pairs, all after the detection, the
 *       calibration is refitted on them alone and emitted with the next version; the detectors
 *       start over, primed again.
 *   <li><b>Recalibrated.</b> The judge has recovered at the first pair at which (a) at least K
 *       pairs have arrived since the refit, (b) no detector has fired since, and (c) the mean
 *       |residual| of the last K pairs is at most the refit's in-sample mean |residual| plus a
 *       margin. A {@code judge_recovered} alert closes the drift alert (same number in its id)
 *       and the judge is calibrated again. A detector firing first raises a new drift alert.
 * </ol>
 * Calibration versions only increase: each fit takes the next.
 *
 * <p>Agreement snapshots for "before and after": at a drift alert, the pairs from the detectors'
 * reset to the estimated onset of the drift ({@link JudgeMonitorState#beforeDrift()}); at the
 * refit, the pairs from the onset on, as the stale calibration scored them ({@link
 * JudgeMonitorState#duringDrift()}); at the recovery, the pairs since the refit ({@link
 * JudgeMonitorState#afterRecovery()}); and {@link #agreement} over the whole window, any time.
 */
public final class JudgeMonitor {
    static final String RESIDUAL_STATISTIC = "page_hinkley_residual";
    static final String ABSOLUTE_RESIDUAL_STATISTIC = "page_hinkley_absolute_residual";
    static final String RECOVERY_STATISTIC = "mean_absolute_residual";

    private final JudgeMonitorSettings settings;
    private final PageHinkley residualTest;
    private final PageHinkley absoluteResidualTest;

    public JudgeMonitor(JudgeMonitorSettings settings) {
        this.settings = settings;
        this.residualTest = new PageHinkley(settings.residualDelta(), settings.residualLambda(), DriftDirection.BOTH);
        this.absoluteResidualTest = new PageHinkley(settings.absoluteResidualDelta(),
                settings.absoluteResidualLambda(), DriftDirection.INCREASE);
    }

    public JudgeMonitorSettings settings() {
        return settings;
    }

    /** The state of a judge nothing has been seen of yet. */
    public JudgeMonitorState start(String fingerprint, RubricScale scale) {
        if (fingerprint == null || fingerprint.isBlank()) {
            throw new IllegalArgumentException("fingerprint: required");
        }
        if (scale.max() <= scale.min()) {
            throw new IllegalArgumentException("the scale needs at least two levels: " + scale);
        }
        int w = settings.window();
        return new JudgeMonitorState(fingerprint, scale, MonitorPhase.WARMING_UP, 0,
                new JudgeMonitorState.PairWindow(new double[w], new double[w], new int[w], new long[w], 0, 0),
                JudgeMonitorState.CalibrationInForce.NONE, JudgeMonitorState.Detectors.FRESH,
                JudgeMonitorState.DriftHistory.NONE);
    }

    /**
     * Takes one labelled pair. The label must be a level of the judge's scale: the job validates
     * labels at the edge (a bad one is a dead letter), so one off the scale here is a bug.
     */
    public MonitorStep step(JudgeMonitorState state, LabelledPair pair) {
        if (state.window().rawScores().length != settings.window()) {
            throw new IllegalArgumentException("the state holds a window of " + state.window().rawScores().length
                    + " pairs, these settings " + settings.window());
        }
        if (!state.scale().contains(pair.label())) {
            throw new IllegalArgumentException("label " + pair.label() + " is off the scale [" + state.scale().min()
                    + ", " + state.scale().max() + "]");
        }
        Working m = new Working(state);
        double score = score(state, pair.rawScore());
        double residual = score - pair.label();
        m.push(pair, score);
        Calibration calibration = null;
        Alert alert = null;
        switch (m.phase) {
            case WARMING_UP, CALIBRATED, RECALIBRATED -> {
                m.residualDetector = residualTest.update(m.residualDetector, residual);
                m.absoluteResidualDetector = absoluteResidualTest.update(m.absoluteResidualDetector, Math.abs(residual));
                Optional<PageHinkleyAlarm> onResidual = residualTest.alarm(m.residualDetector);
                Optional<PageHinkleyAlarm> onAbsolute = absoluteResidualTest.alarm(m.absoluteResidualDetector);
                if (onResidual.isPresent()) {
                    alert = m.drift(onResidual.get(), RESIDUAL_STATISTIC, pair);
                } else if (onAbsolute.isPresent()) {
                    alert = m.drift(onAbsolute.get(), ABSOLUTE_RESIDUAL_STATISTIC, pair);
                } else if (m.calibrationVersion == 0 && m.pairs >= settings.firstFitPairs()) {
                    calibration = m.fit(settings.firstFitPairs(), pair);
                    m.phase = MonitorPhase.CALIBRATED;
                } else if (m.phase == MonitorPhase.RECALIBRATED
                        && m.pairs - m.calibratedAtPair >= settings.recoveryPairs()) {
                    alert = m.recoveryIfSettled(pair);
                }
            }
            case DRIFTING -> {
                if (m.pairs - m.driftAtPair >= settings.refitPairs()) {
                    m.duringDrift = m.agreementOf(m.driftOnsetPair, m.pairs);
                    calibration = m.fit(settings.refitPairs(), pair);
                    m.phase = MonitorPhase.RECALIBRATED;
                }
            }
        }
        return new MonitorStep(m.freeze(), score, residual, Optional.ofNullable(calibration), Optional.ofNullable(alert));
    }

    /** A raw judge score under the calibration in force: the raw score itself before the first. */
    public double score(JudgeMonitorState state, double rawScore) {
        JudgeMonitorState.CalibrationInForce calibration = state.calibration();
        if (calibration.version() == 0) {
            return rawScore;
        }
        return new CalibrationCurve(calibration.rawScores(), calibration.labels()).apply(rawScore);
    }

    /** The calibration in force, as the event that published it; empty before the first fit. */
    public Optional<Calibration> calibration(JudgeMonitorState state) {
        JudgeMonitorState.CalibrationInForce calibration = state.calibration();
        if (calibration.version() == 0) {
            return Optional.empty();
        }
        return Optional.of(new Calibration(SchemaVersion.CURRENT, state.fingerprint(), calibration.version(),
                calibration.rawScores(), calibration.labels(), calibration.labelCount(), calibration.fittedAt()));
    }

    /**
     * Agreement over the pairs in the window, with the scores they got when they arrived; empty
     * until the window holds two pairs.
     */
    public Optional<AgreementResult> agreement(JudgeMonitorState state) {
        Working m = new Working(state);
        return Optional.ofNullable(m.agreementOf(m.pairs - m.size, m.pairs));
    }

    /** A mutable copy of a state for the length of one step; its arrays are copies. */
    private final class Working {
        final String fingerprint;
        final RubricScale scale;
        MonitorPhase phase;
        long pairs;
        final double[] rawScores;
        final double[] scores;
        final int[] labels;
        final long[] eventTimes;
        int size;
        int next;
        long calibrationVersion;
        double[] calibrationRawScores;
        double[] calibrationLabels;
        long calibrationLabelCount;
        Instant calibrationFittedAt;
        double calibrationMae;
        long calibratedAtPair;
        PageHinkleyState residualDetector;
        PageHinkleyState absoluteResidualDetector;
        long detectorsResetAtPair;
        Instant detectorsSince;
        long drifts;
        long driftAtPair;
        long driftOnsetPair;
        AgreementResult beforeDrift;
        AgreementResult duringDrift;
        AgreementResult afterRecovery;

        Working(JudgeMonitorState s) {
            fingerprint = s.fingerprint();
            scale = s.scale();
            phase = s.phase();
            pairs = s.pairs();
            JudgeMonitorState.PairWindow window = s.window();
            rawScores = window.rawScores().clone();
            scores = window.scores().clone();
            labels = window.labels().clone();
            eventTimes = window.eventTimes().clone();
            size = window.size();
            next = window.next();
            JudgeMonitorState.CalibrationInForce calibration = s.calibration();
            calibrationVersion = calibration.version();
            calibrationRawScores = calibration.rawScores();
            calibrationLabels = calibration.labels();
            calibrationLabelCount = calibration.labelCount();
            calibrationFittedAt = calibration.fittedAt();
            calibrationMae = calibration.mae();
            calibratedAtPair = calibration.atPair();
            JudgeMonitorState.Detectors detectors = s.detectors();
            residualDetector = detectors.residual();
            absoluteResidualDetector = detectors.absoluteResidual();
            detectorsResetAtPair = detectors.resetAtPair();
            detectorsSince = detectors.since();
            JudgeMonitorState.DriftHistory drift = s.drift();
            drifts = drift.count();
            driftAtPair = drift.atPair();
            driftOnsetPair = drift.onsetPair();
            beforeDrift = drift.before();
            duringDrift = drift.during();
            afterRecovery = drift.afterRecovery();
        }

        JudgeMonitorState freeze() {
            return new JudgeMonitorState(fingerprint, scale, phase, pairs,
                    new JudgeMonitorState.PairWindow(rawScores, scores, labels, eventTimes, size, next),
                    new JudgeMonitorState.CalibrationInForce(calibrationVersion, calibrationRawScores,
                            calibrationLabels, calibrationLabelCount, calibrationFittedAt, calibrationMae,
                            calibratedAtPair),
                    new JudgeMonitorState.Detectors(residualDetector, absoluteResidualDetector, detectorsResetAtPair,
                            detectorsSince),
                    new JudgeMonitorState.DriftHistory(drifts, driftAtPair, driftOnsetPair, beforeDrift, duringDrift,
                            afterRecovery));
        }

        void push(LabelledPair pair, double score) {
            rawScores[next] = pair.rawScore();
            scores[next] = score;
            labels[next] = pair.label();
            eventTimes[next] = pair.eventTime().toEpochMilli();
            next = (next + 1) % rawScores.length;
            size = Math.min(size + 1, rawScores.length);
            pairs++;
            if (detectorsSince == null) {
                detectorsSince = pair.eventTime();
            }
        }

        /** The ring-buffer slot of pair number {@code number}, which must be in the window. */
        int slotOf(long number) {
            int back = (int) (pairs - number);
            int w = rawScores.length;
            return ((next - 1 - back) % w + w) % w;
        }

        /** The first pair number in (from, to] that the window still holds. */
        long firstHeld(long fromExclusive) {
            return Math.max(fromExclusive + 1, pairs - size + 1);
        }

        Calibration fit(int count, LabelledPair pair) {
            double[] raw = new double[count];
            int[] fitLabels = new int[count];
            for (int i = 0; i < count; i++) {
                int slot = slotOf(pairs - count + 1 + i);
                raw[i] = rawScores[slot];
                fitLabels[i] = labels[slot];
            }
            Calibration calibration = IsotonicCalibration.fit(fingerprint, calibrationVersion + 1, raw, fitLabels,
                    pair.eventTime());
            CalibrationCurve curve = CalibrationCurve.of(calibration);
            double errors = 0;
            double absoluteErrors = 0;
            for (int i = 0; i < count; i++) {
                double residual = curve.apply(raw[i]) - fitLabels[i];
                errors += residual;
                absoluteErrors += Math.abs(residual);
            }
            calibrationVersion = calibration.version();
            calibrationRawScores = calibration.rawScores();
            calibrationLabels = calibration.labels();
            calibrationLabelCount = calibration.labelCount();
            calibrationFittedAt = calibration.fittedAt();
            calibrationMae = absoluteErrors / count;
            calibratedAtPair = pairs;
            // The detectors start from the fit's own residuals, so a drift that begins right after
            // the fit is measured against them rather than absorbed into a fresh running mean.
            residualDetector = PageHinkleyState.primed(count, errors / count);
            absoluteResidualDetector = PageHinkleyState.primed(count, calibrationMae);
            detectorsResetAtPair = pairs;
            detectorsSince = null;
            return calibration;
        }

        Alert drift(PageHinkleyAlarm alarm, String statistic, LabelledPair pair) {
            long observed = pairs - detectorsResetAtPair;
            long onset = detectorsResetAtPair + alarm.changePoint();
            boolean absolute = statistic.equals(ABSOLUTE_RESIDUAL_STATISTIC);
            double before = meanResidual(detectorsResetAtPair, onset, absolute);
            double after = meanResidual(onset, pairs, absolute);
            beforeDrift = agreementOf(detectorsResetAtPair, onset);
            duringDrift = null;
            afterRecovery = null;
            drifts++;
            driftAtPair = pairs;
            driftOnsetPair = onset;
            phase = MonitorPhase.DRIFTING;

            String what;
            if (absolute) {
                what = "agrees less with the human labels: mean |residual|";
            } else if (alarm.direction() == DriftDirection.INCREASE) {
                what = "over-scores: mean residual (score − label)";
            } else {
                what = "under-scores: mean residual (score − label)";
            }
            String message = String.format(Locale.ROOT,
                    "judge %s %s moved from %s to %s points after label %d; Page–Hinkley %.2f > %.2f on %d labels, "
                            + "%d of them since the estimated onset. Refitting the calibration on the next %d labels.",
                    fingerprint, what, signed(before, absolute), signed(after, absolute), onset, alarm.statistic(),
                    alarm.threshold(), observed, alarm.observationsSinceChange(), settings.refitPairs());
            AlertEvidence evidence = new AlertEvidence(statistic, alarm.statistic(), alarm.threshold(),
                    detectorsSince, pair.eventTime(), observed);
            return new Alert(SchemaVersion.CURRENT, fingerprint + "/judge_drift/" + drifts, pair.experiment(),
                    AlertKind.JUDGE_DRIFT, Alert.Severity.WARNING, fingerprint, message, evidence, pair.eventTime());
        }

        Alert recoveryIfSettled(LabelledPair pair) {
            int k = settings.recoveryPairs();
            double mae = meanResidual(pairs - k, pairs, true);
            double bound = calibrationMae + settings.recoveryMaeMargin();
            if (!(mae <= bound)) {
                return null;
            }
            afterRecovery = agreementOf(calibratedAtPair, pairs);
            phase = MonitorPhase.CALIBRATED;
            String message = String.format(Locale.ROOT,
                    "judge %s agrees with the human labels again under calibration v%d: mean |residual| %.2f over "
                            + "the last %d labels, within %.2f of the refit's %.2f.",
                    fingerprint, calibrationVersion, mae, k, settings.recoveryMaeMargin(), calibrationMae);
            Instant windowStart = Instant.ofEpochMilli(eventTimes[slotOf(pairs - k + 1)]);
            AlertEvidence evidence = new AlertEvidence(RECOVERY_STATISTIC, mae, bound, windowStart, pair.eventTime(), k);
            return new Alert(SchemaVersion.CURRENT, fingerprint + "/judge_recovered/" + drifts, pair.experiment(),
                    AlertKind.JUDGE_RECOVERED, Alert.Severity.INFO, fingerprint, message, evidence, pair.eventTime());
        }

        /** Mean (|)score − label(|) over the held pairs numbered in (from, to]; NaN if none are held. */
        double meanResidual(long fromExclusive, long toInclusive, boolean absolute) {
            double sum = 0;
            int count = 0;
            for (long number = firstHeld(fromExclusive); number <= toInclusive; number++) {
                int slot = slotOf(number);
                double residual = scores[slot] - labels[slot];
                sum += absolute ? Math.abs(residual) : residual;
                count++;
            }
            return count == 0 ? Double.NaN : sum / count;
        }

        /** Agreement over the held pairs numbered in (from, to]; null if fewer than two are held. */
        AgreementResult agreementOf(long fromExclusive, long toInclusive) {
            long first = firstHeld(fromExclusive);
            int count = (int) Math.max(0, toInclusive - first + 1);
            if (count < 2) {
                return null;
            }
            double[] judged = new double[count];
            int[] labelled = new int[count];
            for (int i = 0; i < count; i++) {
                int slot = slotOf(first + i);
                judged[i] = scores[slot];
                labelled[i] = labels[slot];
            }
            return new JudgeHumanAgreement(judged, labelled, scale).result(settings.intervalLevel());
        }
    }

    private static String signed(double value, boolean absolute) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, absolute ? "%.2f" : "%+.2f", value);
    }
}

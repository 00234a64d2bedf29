package io.sluice.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sluice.core.agreement.AgreementResult;
import io.sluice.core.event.Alert;
import io.sluice.core.event.AlertKind;
import io.sluice.core.event.Calibration;
import io.sluice.core.judge.RubricScale;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class JudgeMonitorTest {
    private static final String FINGERPRINT = "judge-4f2a";
    private static final RubricScale SCALE = new RubricScale(1, 5);
    private static final JudgeMonitorSettings SETTINGS = JudgeMonitorSettings.DEFAULTS;
    private static final int N = SETTINGS.firstFitPairs();
    private static final int R = SETTINGS.refitPairs();
    private static final int K = SETTINGS.recoveryPairs();
    private static final double JUDGE_NOISE = 0.35;

    private final JudgeMonitor monitor = new JudgeMonitor(SETTINGS);

    /** Everything a run of pairs emitted, with the number of the pair that emitted it. */
    private static final class Run {
        JudgeMonitorState state;
        long pairs;
        final List<Long> calibrationPairs = new ArrayList<>();
        final List<Calibration> calibrations = new ArrayList<>();
        final List<Long> alertPairs = new ArrayList<>();
        final List<Alert> alerts = new ArrayList<>();
        final List<MonitorPhase> phases = new ArrayList<>();

        Run(JudgeMonitorState state) {
            this.state = state;
        }
    }

    private Run start() {
        return new Run(monitor.start(FINGERPRINT, SCALE));
    }

    private Run feed(Run run, int count, Supplier<LabelledPair> source) {
        for (int i = 0; i < count; i++) {
            MonitorStep step = monitor.step(run.state, source.get());
            run.state = step.state();
            run.pairs++;
            step.calibration().ifPresent(c -> {
                run.calibrationPairs.add(run.pairs);
                run.calibrations.add(c);
            });
            step.alert().ifPresent(a -> {
                run.alertPairs.add(run.pairs);
                run.alerts.add(a);
            });
            if (run.phases.isEmpty() || run.phases.get(run.phases.size() - 1) != step.state().phase()) {
                run.phases.add(step.state().phase());
            }
        }
        return run;
    }

    @Test
    void theFirstCalibrationIsEmittedAtTheNthLabelledPair() {
        JudgeStream world = new JudgeStream(1);
        Run run = feed(start(), N - 1, () -> world.next(0, JUDGE_NOISE));

        assertThat(run.calibrations).isEmpty();
        assertThat(run.state.phase()).isEqualTo(MonitorPhase.WARMING_UP);
        assertThat(monitor.calibration(run.state)).isEmpty();

        feed(run, 1, () -> world.next(0, JUDGE_NOISE));

        assertThat(run.calibrationPairs).containsExactly((long) N);
        Calibration first = run.calibrations.get(0);
        assertThat(first.fingerprint()).isEqualTo(FINGERPRINT);
        assertThat(first.version()).isEqualTo(1);
        assertThat(first.labelCount()).isEqualTo(N);
        assertThat(first.fittedAt()).isEqualTo(JudgeStream.timeOf(N));
        assertThat(run.state.phase()).isEqualTo(MonitorPhase.CALIBRATED);
        assertThat(monitor.calibration(run.state)).contains(first);
        // The harsh judge squeezes the top of the scale: its raw 4.2 means a label near 5.
        assertThat(monitor.score(run.state, 4.2)).isGreaterThan(4.4);
    }

    @Test
    void aStableJudgeRaisesNoAlert() {
        JudgeStream world = new JudgeStream(2);
        Run run = feed(start(), 5000, () -> world.next(0, JUDGE_NOISE));

        assertThat(run.alerts).isEmpty();
        assertThat(run.calibrations).hasSize(1);
        assertThat(run.phases).containsExactly(MonitorPhase.WARMING_UP, MonitorPhase.CALIBRATED);
        AgreementResult now = monitor.agreement(run.state).orElseThrow();
        assertThat(now.n()).isEqualTo(SETTINGS.window());
        assertThat(now.meanResidual()).isCloseTo(0, within(0.15));
        assertThat(now.weightedKappa().kappa()).isGreaterThan(0.8);
    }

    @Test
    void aOnePointShiftIsAlarmedRecalibratedAndRecovered() {
        JudgeStream world = new JudgeStream(3);
        int shiftAfter = 1000;
        Run run = feed(start(), shiftAfter, () -> world.next(0, JUDGE_NOISE));
        feed(run, 1000, () -> world.next(1.0, JUDGE_NOISE));

        assertThat(run.alerts).extracting(Alert::kind).containsExactly(AlertKind.JUDGE_DRIFT, AlertKind.JUDGE_RECOVERED);
        assertThat(run.phases).containsExactly(MonitorPhase.WARMING_UP, MonitorPhase.CALIBRATED,
                MonitorPhase.DRIFTING, MonitorPhase.RECALIBRATED, MonitorPhase.CALIBRATED);

        // Detected within 100 labels of the shift (the Page–Hinkley tests put a full one-point
        // shift at about 25; the clamp at 5 blunts this one to about 0.8 point).
        long detectedAt = run.alertPairs.get(0);
        assertThat(detectedAt).isBetween((long) shiftAfter + 1, (long) shiftAfter + 100);
        Alert drift = run.alerts.get(0);
        assertThat(drift.alertId()).isEqualTo(FINGERPRINT + "/judge_drift/1");
        assertThat(drift.experiment()).isEqualTo(JudgeStream.EXPERIMENT);
        assertThat(drift.subject()).isEqualTo(FINGERPRINT);
        assertThat(drift.severity()).isEqualTo(Alert.Severity.WARNING);
        assertThat(drift.raisedAt()).isEqualTo(JudgeStream.timeOf(detectedAt));
        assertThat(drift.message()).contains("over-scores");
        assertThat(drift.evidence().statistic()).isEqualTo("page_hinkley_residual");
        assertThat(drift.evidence().threshold()).isEqualTo(SETTINGS.residualLambda());
        assertThat(drift.evidence().value()).isGreaterThan(drift.evidence().threshold());
        // The detectors started over after the first calibration, at pair N.
        assertThat(drift.evidence().windowStart()).isEqualTo(JudgeStream.timeOf(N + 1));
        assertThat(drift.evidence().windowEnd()).isEqualTo(JudgeStream.timeOf(detectedAt));
        assertThat(drift.evidence().observations()).isEqualTo(detectedAt - N);
        assertThat(run.state.drift().onsetPair()).isBetween((long) shiftAfter - 20, detectedAt - 1);

        // Refitted on the R pairs after the detection.
        assertThat(run.calibrationPairs).containsExactly((long) N, detectedAt + R);
        Calibration refit = run.calibrations.get(1);
        assertThat(refit.version()).isEqualTo(2);
        assertThat(refit.labelCount()).isEqualTo(R);

        // Recovered once K pairs under the refit agree as well as the refit did.
        long recoveredAt = run.alertPairs.get(1);
        assertThat(recoveredAt).isGreaterThanOrEqualTo(detectedAt + R + K);
        Alert recovered = run.alerts.get(1);
        assertThat(recovered.alertId()).isEqualTo(FINGERPRINT + "/judge_recovered/1");
        assertThat(recovered.severity()).isEqualTo(Alert.Severity.INFO);
        assertThat(recovered.evidence().statistic()).isEqualTo("mean_absolute_residual");
        assertThat(recovered.evidence().value()).isLessThanOrEqualTo(recovered.evidence().threshold());
        assertThat(recovered.evidence().observations()).isEqualTo(K);
        assertThat(recovered.evidence().windowStart()).isEqualTo(JudgeStream.timeOf(recoveredAt - K + 1));
        assertThat(recovered.evidence().windowEnd()).isEqualTo(JudgeStream.timeOf(recoveredAt));

        // Agreement before, during and after: the stale calibration over-scored, the refit does not.
        AgreementResult before = run.state.drift().before();
        AgreementResult during = run.state.drift().during();
        AgreementResult after = run.state.drift().afterRecovery();
        System.out.printf("before: κ %.3f, exact %.3f, mean residual %+.2f; during: κ %.3f, exact %.3f, mean residual"
                        + " %+.2f; after: κ %.3f, exact %.3f, mean residual %+.2f%n",
                before.weightedKappa().kappa(), before.exactAgreement(), before.meanResidual(),
                during.weightedKappa().kappa(), during.exactAgreement(), during.meanResidual(),
                after.weightedKappa().kappa(), after.exactAgreement(), after.meanResidual());
        assertThat(before.meanResidual()).isCloseTo(0, within(0.15));
        assertThat(during.meanResidual()).isGreaterThan(0.5);
        assertThat(after.meanResidual()).isCloseTo(0, within(0.2));
        assertThat(during.exactAgreement()).isLessThan(before.exactAgreement() - 0.15);
        assertThat(after.exactAgreement()).isGreaterThan(during.exactAgreement() + 0.15);
        assertThat(after.n()).isEqualTo(recoveredAt - (detectedAt + R));
    }

    @Test
    void calibrationVersionsOnlyIncreaseAndEveryAlertHasItsOwnId() {
        JudgeStream world = new JudgeStream(4);
        Run run = feed(start(), 1000, () -> world.next(0, JUDGE_NOISE));
        feed(run, 1000, () -> world.next(1.0, JUDGE_NOISE));
        feed(run, 1000, () -> world.next(0, JUDGE_NOISE));

        assertThat(run.calibrations).extracting(Calibration::version).containsExactly(1L, 2L, 3L);
        assertThat(run.alerts).extracting(Alert::kind).containsExactly(AlertKind.JUDGE_DRIFT,
                AlertKind.JUDGE_RECOVERED, AlertKind.JUDGE_DRIFT, AlertKind.JUDGE_RECOVERED);
        assertThat(run.alerts).extracting(Alert::alertId).doesNotHaveDuplicates();
        assertThat(run.alerts.get(2).message()).contains("under-scores");
        assertThat(run.alertPairs.get(2)).isBetween(2001L, 2100L);
    }

    @Test
    void aJudgeThatStopsReadingTheAnswersIsCaughtOnAgreement() {
        // An unbiased but random judge leaves the mean residual near 0; its |residual| doubles.
        JudgeStream world = new JudgeStream(5);
        Run run = feed(start(), 1000, () -> world.next(0, JUDGE_NOISE));
        feed(run, 200, world::nextAtRandom);

        assertThat(run.alerts).isNotEmpty();
        Alert drift = run.alerts.get(0);
        assertThat(drift.kind()).isEqualTo(AlertKind.JUDGE_DRIFT);
        assertThat(drift.evidence().statistic()).isEqualTo("page_hinkley_absolute_residual");
        assertThat(drift.message()).contains("agrees less");
        assertThat(run.alertPairs.get(0)).isBetween(1001L, 1060L);
    }

    @Test
    void aDriftStartingRightAfterACalibrationIsCaught() {
        // The detectors start from the fit's own residuals, not from nothing, so the drifted
        // residuals are not taken for the new normal.
        JudgeStream world = new JudgeStream(9);
        Run run = feed(start(), N, () -> world.next(0, JUDGE_NOISE));
        feed(run, 300, () -> world.next(1.0, JUDGE_NOISE));

        assertThat(run.alerts).isNotEmpty();
        assertThat(run.alerts.get(0).kind()).isEqualTo(AlertKind.JUDGE_DRIFT);
        assertThat(run.alertPairs.get(0)).isBetween((long) N + 1, (long) N + 100);
    }

    @Test
    void driftBeforeTheFirstCalibrationIsWatchedOnRawScores() {
        JudgeStream world = new JudgeStream(6);
        Run run = feed(start(), 40, () -> world.next(0, JUDGE_NOISE));
        feed(run, 400, () -> world.next(1.5, JUDGE_NOISE));

        assertThat(run.alerts.get(0).kind()).isEqualTo(AlertKind.JUDGE_DRIFT);
        assertThat(run.alertPairs.get(0)).isLessThan((long) N);
        // The first calibration is then fitted on post-detection pairs only.
        assertThat(run.calibrationPairs.get(0)).isEqualTo(run.alertPairs.get(0) + R);
        assertThat(run.calibrations.get(0).version()).isEqualTo(1);
    }

    @Test
    void replayingThePairsFromASavedStateGivesTheSameOutput() {
        JudgeStream world = new JudgeStream(7);
        Run run = feed(start(), 1000, () -> world.next(0, JUDGE_NOISE));
        JudgeMonitorState saved = run.state;
        List<LabelledPair> pairs = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            pairs.add(world.next(1.0, JUDGE_NOISE));
        }

        List<MonitorStep> first = replay(saved, pairs);
        List<MonitorStep> second = replay(saved, pairs);

        assertThat(second).extracting(MonitorStep::alert).isEqualTo(first.stream().map(MonitorStep::alert).toList());
        assertThat(second).extracting(MonitorStep::calibration)
                .isEqualTo(first.stream().map(MonitorStep::calibration).toList());
        assertThat(second).extracting(MonitorStep::score).isEqualTo(first.stream().map(MonitorStep::score).toList());
        assertThat(first.stream().filter(s -> s.alert().isPresent()).count()).isPositive();
    }

    @Test
    void aStepLeavesTheStateItWasGivenUntouched() {
        JudgeStream world = new JudgeStream(8);
        Run run = feed(start(), 150, () -> world.next(0, JUDGE_NOISE));
        JudgeMonitorState before = run.state;
        double[] scores = before.window().scores().clone();
        long pairs = before.pairs();

        monitor.step(before, world.next(0, JUDGE_NOISE));

        assertThat(before.window().scores()).containsExactly(scores);
        assertThat(before.pairs()).isEqualTo(pairs);
    }

    @Test
    void aLabelOffTheScaleIsABug() {
        JudgeMonitorState state = monitor.start(FINGERPRINT, SCALE);
        LabelledPair offScale = new LabelledPair(JudgeStream.EXPERIMENT, 3.0, 7, JudgeStream.T0);

        assertThatThrownBy(() -> monitor.step(state, offScale)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("off the scale");
    }

    @Test
    void settingsNameEveryProblem() {
        assertThatThrownBy(() -> new JudgeMonitorSettings(50, 100, 100, -1, 15, 0.25, 12, 50, 0.2, 0.95))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window")
                .hasMessageContaining("residual_delta");
    }

    private List<MonitorStep> replay(JudgeMonitorState from, List<LabelledPair> pairs) {
        List<MonitorStep> steps = new ArrayList<>();
        JudgeMonitorState state = from;
        for (LabelledPair pair : pairs) {
            MonitorStep step = monitor.step(state, pair);
            steps.add(step);
            state = step.state();
        }
        return steps;
    }
}

package io.sluice.flink.agreement;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.event.Alert;
import io.sluice.core.event.AlertKind;
import io.sluice.core.event.Calibration;
import io.sluice.core.event.DeadLetter;
import io.sluice.core.monitor.JudgeMonitorSettings;
import io.sluice.flink.JudgeFixtures;
import io.sluice.flink.experiments.SpecChange;
import io.sluice.flink.experiments.SpecRevisions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JudgeMonitorFunctionTest extends JudgeFixtures {
    /**
     * Smaller sizes than the defaults: first fit after 40 pairs, refit on 20, recovery over 10. The
     * drift tests keep their defaults; they are primed with the first fit's pairs, so far fewer than
     * 40 would let their running mean follow a drift before it is detected.
     */
    private static final JudgeMonitorSettings SMALL = new JudgeMonitorSettings(60, 40, 20, 0.4, 15.0, 0.25, 12.0,
            10, 0.2, 0.95);
    private static final Duration SPEC_WAIT = Duration.ofMinutes(10);

    private KeyedBroadcastOperatorTestHarness<String, LabelledScore, SpecChange, Calibration> harness;
    private int pairs;

    @BeforeEach
    void openHarness() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new JudgeMonitorFunction(SMALL, SPEC_WAIT, "test.labels", "test-agreement"),
                LabelledScore::fingerprint, Types.STRING, SpecRevisions.STATE);
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void theFirstCalibrationIsEmittedAtTheNthPairOfTheJudge() throws Exception {
        harness.processBroadcastElement(judgedSpec(CHECKOUT, AMPLE), 0);

        agreeing(39);
        assertThat(harness.extractOutputValues()).isEmpty();
        agreeing(1);

        assertThat(harness.extractOutputValues()).singleElement().satisfies(calibration -> {
            assertThat(calibration.fingerprint()).isEqualTo(FINGERPRINT);
            assertThat(calibration.version()).isEqualTo(1);
            assertThat(calibration.labelCount()).isEqualTo(40);
            assertThat(calibration.fittedAt()).isEqualTo(at(40));
        });
        assertThat(alerts()).isEmpty();
    }

    @Test
    void aDriftIsAlertedWithItsEvidenceThenRecalibratedAndTheRecoveryFollows() throws Exception {
        harness.processBroadcastElement(judgedSpec(CHECKOUT, AMPLE), 0);
        agreeing(40);

        int sinceDrift = 0;
        while (alerts().isEmpty() && sinceDrift < 40) {
            overScoring(1);
            sinceDrift++;
        }
        Alert drift = alerts().get(0);
        assertThat(drift.kind()).isEqualTo(AlertKind.JUDGE_DRIFT);
        assertThat(drift.experiment()).isEqualTo(CHECKOUT);
        assertThat(drift.subject()).isEqualTo(FINGERPRINT);
        assertThat(drift.raisedAt()).isEqualTo(at(pairs));
        assertThat(drift.evidence().statistic()).startsWith("page_hinkley");
        assertThat(drift.evidence().value()).isGreaterThan(drift.evidence().threshold());
        assertThat(drift.evidence().observations()).isEqualTo(sinceDrift);
        assertThat(drift.evidence().windowEnd()).isEqualTo(at(pairs));

        overScoring(SMALL.refitPairs());
        assertThat(harness.extractOutputValues()).extracting(Calibration::version).containsExactly(1L, 2L);

        overScoring(SMALL.recoveryPairs());
        assertThat(alerts()).extracting(Alert::kind).containsExactly(AlertKind.JUDGE_DRIFT, AlertKind.JUDGE_RECOVERED);
        assertThat(alerts().get(1).subject()).isEqualTo(FINGERPRINT);
        assertThat(alerts().get(1).alertId()).endsWith("/1");
    }

    @Test
    void pairsOfAJudgeWaitForTheirSpecWhoseRubricGivesTheScale() throws Exception {
        agreeing(40);
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.processBroadcastElement(judgedSpec(CHECKOUT, AMPLE), 0);

        assertThat(harness.extractOutputValues()).extracting(Calibration::version).containsExactly(1L);
    }

    @Test
    void pairsWhoseSpecNeverArrivesAreDeadLettersWithTheReason() throws Exception {
        agreeing(2);

        harness.setProcessingTime(SPEC_WAIT.toMillis() + 1);

        assertThat(deadLetters()).hasSize(2).allSatisfy(dead -> {
            assertThat(dead.sourceTopic()).isEqualTo("test.labels");
            assertThat(dead.reason()).contains("spec of experiment 'checkout' did not arrive within PT10M");
        });
        harness.processBroadcastElement(judgedSpec(CHECKOUT, AMPLE), 0);
        assertThat(harness.extractOutputValues()).isEmpty();
    }

    @Test
    void aLabelOffTheScaleIsADeadLetterAndLeavesTheMonitorAlone() throws Exception {
        harness.processBroadcastElement(judgedSpec(CHECKOUT, AMPLE), 0);
        agreeing(39);

        harness.processElement(new LabelledScore("r-odd", CHECKOUT, FINGERPRINT, 3.0, "ann-0", 7, at(99)), 0);
        assertThat(deadLetters()).singleElement().satisfies(dead ->
                assertThat(dead.reason()).contains("label 7 is off the scale [1, 5]"));
        assertThat(harness.extractOutputValues()).isEmpty();

        agreeing(1);
        assertThat(harness.extractOutputValues()).hasSize(1);
    }

    @Test
    void aJudgeOfAnExperimentWithoutARubricIsNotMonitored() throws Exception {
        harness.processBroadcastElement(spec(CHECKOUT, THUMBS), 0);

        agreeing(1);

        assertThat(deadLetters()).singleElement().satisfies(dead ->
                assertThat(dead.reason()).contains("has no judge rubric"));
    }

    /** Pairs whose judge agrees with the label: raw = label, cycling through the scale. */
    private void agreeing(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            int label = 1 + pairs % 5;
            pair(label, label);
        }
    }

    /** Pairs whose judge scores two levels above the label (within the scale). */
    private void overScoring(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            int label = 1 + pairs % 5;
            pair(Math.min(5, label + 2), label);
        }
    }

    private void pair(double raw, int label) throws Exception {
        pairs++;
        harness.processElement(new LabelledScore("r" + pairs, CHECKOUT, FINGERPRINT, raw, "ann-0", label,
                at(pairs)), 0);
    }

    private static Instant at(int pair) {
        return seconds(10L * pair);
    }

    private List<Alert> alerts() {
        return sideOutput(harness, JudgeMonitorFunction.ALERTS);
    }

    private List<DeadLetter> deadLetters() {
        return sideOutput(harness, JudgeMonitorFunction.DEAD_LETTERS);
    }
}

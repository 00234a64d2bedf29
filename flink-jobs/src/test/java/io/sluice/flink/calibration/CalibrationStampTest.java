package io.sluice.flink.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sluice.core.event.JudgeScore;
import io.sluice.flink.JudgeFixtures;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CalibrationStampTest extends JudgeFixtures {
    private BroadcastOperatorTestHarness<JudgeScore, CalibrationChange, JudgeScore> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness = ProcessFunctionTestHarnesses.forBroadcastProcessFunction(new CalibrationStamp(),
                CalibrationStamp.STATE);
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void aScoreOfAJudgeWithoutCalibrationIsPublishedUncalibrated() throws Exception {
        harness.processElement(judgeScore("r1", CHECKOUT, FINGERPRINT, 4.0, T0), 0);

        assertThat(only()).satisfies(score -> {
            assertThat(score.rawScore()).isEqualTo(4.0);
            assertThat(score.calibratedScore()).isNull();
            assertThat(score.calibrationVersion()).isNull();
        });
    }

    @Test
    void theCalibrationOfTheScoresFingerprintGivesTheCalibratedScoreAndItsVersion() throws Exception {
        calibrate(calibration(FINGERPRINT, 1, 1.0, 2.0, 4.0));
        calibrate(calibration("another-judge", 7, 5.0, 5.0, 5.0));

        harness.processElement(judgeScore("r1", CHECKOUT, FINGERPRINT, 4.0, T0), 0);

        assertThat(only()).satisfies(score -> {
            assertThat(score.calibratedScore()).isCloseTo(3.0, within(1e-12));
            assertThat(score.calibrationVersion()).isEqualTo(1L);
            assertThat(score.rawScore()).isEqualTo(4.0);
            assertThat(score.fingerprint()).isEqualTo(FINGERPRINT);
        });
    }

    @Test
    void theNewestVersionWinsAndALateOlderOneDoesNotReplaceIt() throws Exception {
        calibrate(calibration(FINGERPRINT, 1, 1.0, 3.0, 5.0));
        calibrate(calibration(FINGERPRINT, 2, 1.0, 2.0, 3.0));
        calibrate(calibration(FINGERPRINT, 1, 1.0, 3.0, 5.0));

        harness.processElement(judgeScore("r1", CHECKOUT, FINGERPRINT, 5.0, T0), 0);

        assertThat(only().calibrationVersion()).isEqualTo(2L);
        assertThat(only().calibratedScore()).isEqualTo(3.0);
    }

    @Test
    void aWithdrawnCalibrationIsNoLongerApplied() throws Exception {
        calibrate(calibration(FINGERPRINT, 1, 1.0, 3.0, 5.0));
        harness.processBroadcastElement(CalibrationChange.removal(FINGERPRINT), 0);

        harness.processElement(judgeScore("r1", CHECKOUT, FINGERPRINT, 5.0, T0), 0);

        assertThat(only().calibrationVersion()).isNull();
    }

    @Test
    void aFailedScoreStaysAsItIs() throws Exception {
        calibrate(calibration(FINGERPRINT, 1, 1.0, 3.0, 5.0));
        JudgeScore failed = failedScore("r1", CHECKOUT, FINGERPRINT, "refusal: declined", T0);

        harness.processElement(failed, 0);

        assertThat(only()).isEqualTo(failed);
    }

    private void calibrate(io.sluice.core.event.Calibration calibration) throws Exception {
        harness.processBroadcastElement(new CalibrationChange(calibration.fingerprint(), calibration), 0);
    }

    private JudgeScore only() {
        assertThat(harness.extractOutputValues()).hasSize(1);
        return harness.extractOutputValues().get(0);
    }
}

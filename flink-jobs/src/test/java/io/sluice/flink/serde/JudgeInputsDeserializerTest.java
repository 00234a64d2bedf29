package io.sluice.flink.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.event.Calibration;
import io.sluice.core.event.DeadLetter;
import io.sluice.core.event.JudgeScore;
import io.sluice.core.event.Label;
import io.sluice.core.event.Trace;
import io.sluice.core.json.SluiceJson;
import io.sluice.flink.JudgeFixtures;
import io.sluice.flink.calibration.CalibrationChange;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The judge path's topics, decoded in the source as the bandit loop's are. */
class JudgeInputsDeserializerTest extends JudgeFixtures {
    private static final Clock CLOCK = Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC);

    @Test
    void aTraceIsDecodedWithItsDecisionTime() {
        Trace trace = trace("r1", CHECKOUT, "a", 0.7, T0);

        Decoded decoded = read(LoopInput.TRACES, "r1", SluiceJson.toBytes(trace));

        assertThat(decoded.trace()).isEqualTo(trace);
        assertThat(decoded.eventTime()).contains(T0);
    }

    @Test
    void aJudgeScoreIsDecodedWithTheTimeItWasJudged() {
        JudgeScore score = calibratedScore("r1", CHECKOUT, FINGERPRINT, 4.0, 3.5, 2, seconds(9));

        Decoded decoded = read(LoopInput.JUDGE_SCORES, "r1", SluiceJson.toBytes(score));

        assertThat(decoded.judgeScore()).isEqualTo(score);
        assertThat(decoded.eventTime()).contains(seconds(9));
    }

    @Test
    void aScoreThatFailedAndStillCarriesAScoreIsADeadLetter() {
        String json = SluiceJson.toJson(judgeScore("r1", CHECKOUT, FINGERPRINT, 4.0, T0))
                .replace("\"raw_score\":4.0", "\"raw_score\":4.0,\"failure\":\"timeout\"");

        assertThat(json).contains("\"failure\":\"timeout\"");
        DeadLetter dead = read(LoopInput.JUDGE_SCORES, "r1", json.getBytes(StandardCharsets.UTF_8)).deadLetter();

        assertThat(dead.reason()).startsWith("unreadable judge score").contains("a failed judgment carries no score");
    }

    @Test
    void aLabelIsDecodedWithTheTimeItWasReceived() {
        Label label = label("r1", "ann-0", 4, seconds(5));

        Decoded decoded = read(LoopInput.LABELS, "r1", SluiceJson.toBytes(label));

        assertThat(decoded.label()).isEqualTo(label);
        assertThat(decoded.eventTime()).contains(seconds(5));
    }

    @Test
    void aCalibrationIsDecodedUnderItsFingerprint() {
        Calibration calibration = calibration(FINGERPRINT, 3, 1.0, 2.5, 4.0);

        CalibrationChange change = read(LoopInput.CALIBRATION, FINGERPRINT, SluiceJson.toBytes(calibration))
                .calibration();

        assertThat(change).isEqualTo(new CalibrationChange(FINGERPRINT, calibration));
    }

    @Test
    void aCalibrationTombstoneWithdrawsTheJudgesCalibration() {
        CalibrationChange change = read(LoopInput.CALIBRATION, FINGERPRINT, null).calibration();

        assertThat(change.isRemoval()).isTrue();
        assertThat(change.fingerprint()).isEqualTo(FINGERPRINT);
    }

    @Test
    void aCalibrationUnderAnotherJudgesKeyIsADeadLetter() {
        DeadLetter dead = read(LoopInput.CALIBRATION, "fp-other",
                SluiceJson.toBytes(calibration(FINGERPRINT, 1, 1, 3, 5))).deadLetter();

        assertThat(dead.reason()).contains("does not match the calibration's fingerprint");
    }

    @Test
    void aCalibrationThatIsNotMonotoneIsADeadLetter() {
        String json = SluiceJson.toJson(calibration(FINGERPRINT, 1, 1, 3, 5)).replace("[1.0,3.0,5.0]", "[5.0,3.0,1.0]");

        DeadLetter dead = read(LoopInput.CALIBRATION, FINGERPRINT, json.getBytes(StandardCharsets.UTF_8)).deadLetter();

        assertThat(dead.reason()).startsWith("unreadable calibration").contains("labels must not decrease");
    }

    private static Decoded read(LoopInput input, String key, byte[] value) {
        LoopInputDeserializer deserializer = new LoopInputDeserializer(input, "test-judge", CLOCK);
        deserializer.open(null);
        List<Decoded> out = new ArrayList<>();
        deserializer.deserialize(new ConsumerRecord<>("test.topic", 0, 7, key.getBytes(StandardCharsets.UTF_8), value),
                new ListCollector<>(out));
        assertThat(out).hasSize(1);
        return out.get(0);
    }
}

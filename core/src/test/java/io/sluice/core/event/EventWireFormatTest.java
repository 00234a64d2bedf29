package io.sluice.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.json.SluiceJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventWireFormatTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    static Exposure exposure() {
        return new Exposure(SchemaVersion.CURRENT, "req-1", "support-bot", "baseline", UnitType.CONVERSATION,
                "conv-9", 0.5, PolicyType.FIXED, "fixed@abc", true, "gpt-4o-mini", false, T0, CallOutcome.OK,
                200, 120, 31, 80);
    }

    @Test
    void exposuresAreSnakeCaseJsonWithASchemaVersion() throws IOException {
        JsonNode json = SluiceJson.mapper().readTree(SluiceJson.toBytes(exposure()));

        assertThat(json.get("schema_version").asInt()).isEqualTo(1);
        assertThat(json.get("request_id").asText()).isEqualTo("req-1");
        assertThat(json.get("unit_type").asText()).isEqualTo("conversation");
        assertThat(json.get("policy").asText()).isEqualTo("fixed");
        assertThat(json.get("in_experiment").asBoolean()).isTrue();
        assertThat(json.get("decided_at").asText()).isEqualTo("2026-11-23T10:00:00Z");
        assertThat(json.get("outcome").asText()).isEqualTo("ok");
    }

    @Test
    void everyEventSurvivesARoundTrip() throws IOException {
        List<Object> events = List.of(
                exposure(),
                new Trace(1, "req-1", "e", "a", "m", T0, List.of(new TraceMessage("user", "hi")), "hello", "stop",
                        3, 5, 40),
                new Reward(1, "req-1", Signal.SCORE, 0.7, T0, T0.plusSeconds(1)),
                new Reward(1, "req-1", Signal.THUMBS_UP, null, T0, T0),
                new Label(1, "req-1", "alice", 4, T0),
                new JudgeScore(1, "req-1", "e", "a", "fp1", Map.of("clarity", 4.0, "accuracy", 3.0), 3.5, 3.8, 2L,
                        List.of("addresses_judge"), null, 900, T0),
                new JudgeScore(1, "req-2", "e", "a", "fp1", null, null, null, null, null, "unparseable answer", 900, T0),
                new PosteriorSnapshot(1, "e", "a", 7, PosteriorFamily.BETA, 3, 5, 0, 0, 0, 0, 6, 2, T0, T0),
                new Calibration(1, "fp1", 3, new double[] {1, 2, 3}, new double[] {1.5, 2.5, 2.5}, 120, T0),
                new Control(1, "e", "a", ControlAction.PAUSE, "error_rate above 0.01 for 2 windows", "guardrails", T0),
                new Alert(1, "al-1", "e", AlertKind.JUDGE_DRIFT, Alert.Severity.WARNING, "fp1", "judge over-scores",
                        new AlertEvidence("page_hinkley", 12.5, 10, T0, T0.plusSeconds(60), 140), T0),
                new Outcome(1, "req-1", "e", "a", "u1", 0.5, "fixed@abc", true, 1.0, true, 2, T0, T0.plusSeconds(600), T0),
                new Assignment(1, "e", "u1", "a", 0.31, "a:3,b:4", "router-1", T0),
                new DeadLetter(1, "sluice.rewards", 0, 42, "req-1", "{oops".getBytes(StandardCharsets.UTF_8),
                        "malformed JSON", DeadLetterCause.UNREADABLE, "reward-join", T0));

        for (Object event : events) {
            Object back = SluiceJson.fromBytes(SluiceJson.toBytes(event), event.getClass());
            assertThat(back).as(event.getClass().getSimpleName()).isEqualTo(event);
        }
    }

    @Test
    void aRecordMissingARequiredFieldIsRefusedWithItsName() {
        String json = SluiceJson.toJson(exposure()).replace("\"request_id\":\"req-1\",", "");

        assertThatThrownBy(() -> SluiceJson.fromBytes(json.getBytes(StandardCharsets.UTF_8), Exposure.class))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("request_id: required");
    }

    @Test
    void anUnknownSchemaVersionIsRefused() {
        String json = SluiceJson.toJson(exposure()).replace("\"schema_version\":1", "\"schema_version\":2");

        assertThatThrownBy(() -> SluiceJson.fromBytes(json.getBytes(StandardCharsets.UTF_8), Exposure.class))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("unsupported schema_version 2");
    }

    @Test
    void aRewardCarriesAValueOnlyForScores() {
        assertThatThrownBy(() -> new Reward(1, "r", Signal.SCORE, null, T0, T0)).hasMessage("value: required");
        assertThatThrownBy(() -> new Reward(1, "r", Signal.COPY, 1.0, T0, T0))
                .hasMessage("value: only score and judge carry a value");
    }

    @Test
    void aFailedJudgmentCarriesNoScore() {
        assertThatThrownBy(() -> new JudgeScore(1, "r", "e", "a", "fp", null, 3.0, null, null, null, "refused", 1, T0))
                .hasMessage("raw_score: a failed judgment carries no score");
    }

    @Test
    void unknownFieldsFromANewerWriterAreIgnored() throws IOException {
        String json = SluiceJson.toJson(exposure()).replace("{", "{\"added_later\":true,");

        assertThat(SluiceJson.fromBytes(json.getBytes(StandardCharsets.UTF_8), Exposure.class)).isEqualTo(exposure());
    }

    @Test
    void aDeadLetterCarriesItsCauseAsSnakeCase() throws IOException {
        DeadLetter dead = new DeadLetter(1, "sluice.rewards", -1, -1, "req_1", "{}".getBytes(StandardCharsets.UTF_8),
                "unmatched thumbs_up reward", DeadLetterCause.UNMATCHED_REWARD, "sluice-bandit-loop", T0);

        JsonNode json = SluiceJson.mapper().readTree(SluiceJson.toBytes(dead));

        assertThat(json.get("cause").asText()).isEqualTo("unmatched_reward");
        assertThat(SluiceJson.fromBytes(SluiceJson.toBytes(dead), DeadLetter.class).cause())
                .isEqualTo(DeadLetterCause.UNMATCHED_REWARD);
    }

    @Test
    void aDeadLetterWrittenBeforeCausesExistedOrWithACauseNotKnownYetReadsAsUnclassified() throws IOException {
        String old = """
                {"schema_version":1,"source_topic":"sluice.rewards","partition":0,"offset":42,"key":"req-1",
                 "original":"e29vcHM=","reason":"malformed JSON","consumer":"reward-join",
                 "failed_at":"2026-11-23T10:00:00Z"}""";
        String newer = old.replace("\"reason\"", "\"cause\":\"added_later\",\"reason\"");

        DeadLetter fromOld = SluiceJson.fromBytes(old.getBytes(StandardCharsets.UTF_8), DeadLetter.class);
        DeadLetter fromNewer = SluiceJson.fromBytes(newer.getBytes(StandardCharsets.UTF_8), DeadLetter.class);

        assertThat(fromOld.cause()).isEqualTo(DeadLetterCause.UNCLASSIFIED);
        assertThat(fromOld.reason()).isEqualTo("malformed JSON");
        assertThat(new String(fromOld.original(), StandardCharsets.UTF_8)).isEqualTo("{oops");
        assertThat(fromNewer.cause()).isEqualTo(DeadLetterCause.UNCLASSIFIED);
    }

    @Test
    void aRewardBeyondWhatTheJobsCanProcessFailsWhenItIsRead() {
        String far = """
                {"schema_version":1,"request_id":"req_1","signal":"thumbs_up",
                 "occurred_at":"-999999999-01-01T00:00:00Z","received_at":"2026-11-23T10:00:00Z"}""";
        assertThatThrownBy(() -> SluiceJson.fromBytes(far.getBytes(StandardCharsets.UTF_8), Reward.class))
                .hasStackTraceContaining("occurred_at: must be between");
        String huge = """
                {"schema_version":1,"request_id":"req_1","signal":"score","value":1.7976931348623157e308,
                 "occurred_at":"2026-11-23T10:00:00Z","received_at":"2026-11-23T10:00:00Z"}""";
        assertThatThrownBy(() -> SluiceJson.fromBytes(huge.getBytes(StandardCharsets.UTF_8), Reward.class))
                .hasStackTraceContaining("value: must be within");
        assertThat(new Reward(SchemaVersion.CURRENT, "req_1", Signal.SCORE, -EventBounds.MAX_ABS_SCORE, T0, T0)
                .value()).isEqualTo(-1e9);
    }
}

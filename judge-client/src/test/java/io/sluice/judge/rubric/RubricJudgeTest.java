package io.sluice.judge.rubric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.event.JudgeScore;
import io.sluice.core.event.SchemaVersion;
import io.sluice.core.event.Trace;
import io.sluice.core.judge.Rubric;
import io.sluice.judge.Answers;
import io.sluice.judge.FailureKind;
import io.sluice.judge.Rubrics;
import io.sluice.judge.SimulatedJudges;
import io.sluice.judge.model.CallFailure;
import io.sluice.judge.model.JudgeCallException;
import io.sluice.judge.model.StructuredOutput;
import io.sluice.simulator.upstream.ReceivedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rubric judge against the simulated judge model, over real HTTP. */
class RubricJudgeTest {
    private static final Rubric RUBRIC = Rubrics.supportBot();
    private static SimulatedJudges judges;

    @BeforeAll
    static void start() {
        judges = new SimulatedJudges();
    }

    @AfterAll
    static void stop() {
        judges.close();
    }

    private static RubricJudge judge(String model) {
        return RubricJudge.create(judges.settings(model), RUBRIC);
    }

    @Test
    void gradesEveryAxisAndTheMeanTracksTrueQuality() {
        RubricJudge judge = judge(SimulatedJudges.FAIR);
        RubricVerdict poor = judge.grade(Answers.CONVERSATION, Answers.of(0.2));
        RubricVerdict good = judge.grade(Answers.CONVERSATION, Answers.of(0.9));

        assertThat(good.scored()).isTrue();
        assertThat(good.axes()).containsOnlyKeys("clarity", "accuracy", "policy_citation");
        assertThat(good.rawScore()).isBetween(4.0, 5.0);
        assertThat(poor.rawScore()).isBetween(1.0, 2.5);
        assertThat(good.rawScore()).isEqualTo(good.axes().values().stream().mapToDouble(d -> d).average().orElseThrow());
        assertThat(good.flags()).isEmpty();
        assertThat(good.rationale()).isNotBlank();
        assertThat(good.fingerprint()).isEqualTo(judge.fingerprint());
    }

    @Test
    void reportsTokenUsageAndLatency() {
        RubricVerdict verdict = judge(SimulatedJudges.FAIR).grade(Answers.CONVERSATION, Answers.of(0.5));
        assertThat(verdict.tokens().prompt()).isGreaterThan(100);
        assertThat(verdict.tokens().completion()).isPositive();
        assertThat(verdict.latency()).isPositive();
    }

    @Test
    void asksForJsonFollowingASchemaOfTheRubricsAxes() {
        judge(SimulatedJudges.FAIR).grade(Answers.CONVERSATION, Answers.of(0.5));
        ReceivedRequest sent = judges.upstream().received().last().orElseThrow();
        JsonNode format = sent.parameters().path("response_format");

        assertThat(format.path("type").asText()).isEqualTo("json_schema");
        JsonNode axes = format.at("/json_schema/schema/properties/scores/properties");
        assertThat(axes.fieldNames()).toIterable().containsExactly("clarity", "accuracy", "policy_citation");
        assertThat(axes.at("/clarity/enum").toString()).isEqualTo("[1,2,3,4,5]");
        assertThat(sent.parameters().path("temperature").asDouble()).isZero();
        assertThat(sent.parameters().path("max_tokens").asInt()).isEqualTo(400);
    }

    @Test
    void readsFencedJsonAndJsonFollowedByProseWhenNoFormatIsRequested() {
        RubricVerdict fenced = RubricJudge.create(judges.settings(SimulatedJudges.FENCED, StructuredOutput.NONE), RUBRIC)
                .grade(Answers.CONVERSATION, Answers.of(0.5));
        RubricVerdict prose = RubricJudge.create(judges.settings(SimulatedJudges.PROSE, StructuredOutput.NONE), RUBRIC)
                .grade(Answers.CONVERSATION, Answers.of(0.5));

        assertThat(judges.upstream().received().last().orElseThrow().parameters().has("response_format")).isFalse();
        assertThat(fenced.rawScore()).isEqualTo(3.0);
        assertThat(prose.rawScore()).isEqualTo(3.0);
    }

    @Test
    void jsonModeWorksForEndpointsWithoutSchemas() {
        RubricVerdict verdict = RubricJudge.create(judges.settings(SimulatedJudges.FAIR, StructuredOutput.JSON_OBJECT),
                RUBRIC).grade(Answers.CONVERSATION, Answers.of(0.5));
        assertThat(judges.upstream().received().last().orElseThrow().parameters().at("/response_format/type").asText())
                .isEqualTo("json_object");
        assertThat(verdict.scored()).isTrue();
    }

    @Test
    void aRefusalIsARecordedFailureNotAScore() {
        RubricVerdict verdict = judge(SimulatedJudges.REFUSING).grade(Answers.CONVERSATION, Answers.of(0.5));
        assertThat(verdict.scored()).isFalse();
        assertThat(verdict.failure().kind()).isEqualTo(FailureKind.REFUSAL);
        assertThat(verdict.rawScore()).isNull();
        assertThat(verdict.axes()).isEmpty();
        assertThat(verdict.tokens().total()).isPositive();
    }

    @Test
    void aReplyCutShortByTheTokenCapIsARecordedFailure() {
        RubricVerdict verdict = RubricJudge.create(judges.settings(SimulatedJudges.FAIR).toBuilder().maxOutputTokens(4)
                .build(), RUBRIC).grade(Answers.CONVERSATION, Answers.of(0.5));
        assertThat(verdict.failure().kind()).isEqualTo(FailureKind.UNPARSEABLE);
        assertThat(verdict.failureReason()).contains("cut short at the output-token cap (4)");
    }

    @Test
    void anEmptyAnswerIsNotSentToTheJudge() {
        long before = judges.upstream().received().countFor(SimulatedJudges.FAIR);
        RubricVerdict verdict = judge(SimulatedJudges.FAIR).grade(Answers.CONVERSATION, "  \n ");
        assertThat(verdict.failure().kind()).isEqualTo(FailureKind.NOTHING_TO_GRADE);
        assertThat(judges.upstream().received().countFor(SimulatedJudges.FAIR)).isEqualTo(before);
    }

    @Test
    void anEndpointFailureIsARetryableCallException() {
        assertThatThrownBy(() -> judge(SimulatedJudges.BROKEN).grade(Answers.CONVERSATION, Answers.of(0.5)))
                .isInstanceOfSatisfying(JudgeCallException.class, e -> {
                    assertThat(e.failure()).isEqualTo(CallFailure.SERVER_ERROR);
                    assertThat(e.retryable()).isTrue();
                });
    }

    @Test
    void aSlowEndpointTimesOut() {
        RubricJudge impatient = RubricJudge.create(judges.settings(SimulatedJudges.SLOW).toBuilder()
                .timeout(Duration.ofMillis(300)).build(), RUBRIC);
        assertThatThrownBy(() -> impatient.grade(Answers.CONVERSATION, Answers.of(0.5)))
                .isInstanceOfSatisfying(JudgeCallException.class, e -> {
                    assertThat(e.failure()).isEqualTo(CallFailure.TIMEOUT);
                    assertThat(e.elapsed()).isLessThan(Duration.ofSeconds(2));
                });
    }

    @Test
    void aTraceBecomesAnUncalibratedJudgeScore() {
        Trace trace = new Trace(SchemaVersion.CURRENT, "req-1", "support-bot", "policy", "sim-support",
                Instant.parse("2026-11-02T09:00:00Z"), Answers.CONVERSATION, Answers.of(0.9), "stop", 40, 60, 150);
        RubricJudge judge = judge(SimulatedJudges.FAIR);
        JudgeScore score = judge.grade(trace).toJudgeScore(trace, Instant.parse("2026-11-02T09:00:01Z"));

        assertThat(score.requestId()).isEqualTo("req-1");
        assertThat(score.arm()).isEqualTo("policy");
        assertThat(score.fingerprint()).isEqualTo(judge.fingerprint().value());
        assertThat(score.rawScore()).isNotNull();
        assertThat(score.calibratedScore()).isNull();
        assertThat(score.failure()).isNull();
        assertThat(score.flags()).isEqualTo(List.of());
    }
}

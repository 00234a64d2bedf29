package io.sluice.flink.rewardjoin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sluice.core.event.DeadLetterCause;
import io.sluice.core.event.Exposure;
import io.sluice.core.event.JudgeScore;
import io.sluice.core.event.Outcome;
import io.sluice.core.event.Reward;
import io.sluice.core.event.Signal;
import io.sluice.core.json.SluiceJson;
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

/** The calibrated judge score as the {@code judge} reward signal of the reward join. */
class JudgeRewardTest extends JudgeFixtures {
    private static final Instant CLOSE = T0.plus(WINDOW);
    /** The judge alone is the reward: its calibrated score on the rubric's 1–5 scale, as [0, 1]. */
    private static final String JUDGE_ONLY = """
            {"signals": {"judge": 1}, "attribution_window": "10m"}""";
    private static final String JUDGE_AND_THUMBS = """
            {"signals": {"judge": 1, "thumbs_up": 1, "thumbs_down": 0}, "combine": "mean", "attribution_window": "10m"}""";

    private KeyedBroadcastOperatorTestHarness<String, JoinEvent, SpecChange, Outcome> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new RewardJoinFunction(new RewardJoinSettings(Duration.ofMinutes(30), Duration.ofHours(1),
                        Duration.ofMinutes(30), new io.sluice.core.topic.TopicNames("test."), "test-loop")),
                JoinEvent::requestId, Types.STRING, SpecRevisions.STATE);
        harness.processBroadcastWatermark(Long.MAX_VALUE);
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void aCalibratedScoreIsTheJudgeSignalWorthItsPlaceOnTheRubricsScale() throws Exception {
        specArrives(JUDGE_ONLY);
        arrives(exposure("r1", CHECKOUT, "a", T0));
        arrives(calibratedScore("r1", CHECKOUT, FINGERPRINT, 4.67, 4.0, 1, seconds(20)));
        watermark(CLOSE);

        assertThat(outcomes()).singleElement().satisfies(o -> {
            assertThat(o.reward()).isCloseTo(0.75, within(1e-12));
            assertThat(o.observed()).isTrue();
            assertThat(o.signals()).isEqualTo(1);
            assertThat(o.lastRewardAt()).isEqualTo(seconds(20));
        });
    }

    @Test
    void theJudgeSignalCombinesWithTheUsersSignals() throws Exception {
        specArrives(JUDGE_AND_THUMBS);
        arrives(exposure("r1", CHECKOUT, "a", T0));
        arrives(reward("r1", Signal.THUMBS_UP, seconds(40)));
        arrives(calibratedScore("r1", CHECKOUT, FINGERPRINT, 3.0, 3.0, 2, seconds(20)));
        watermark(CLOSE);

        assertThat(outcomes()).singleElement().satisfies(o -> {
            assertThat(o.reward()).isCloseTo(0.75, within(1e-12));
            assertThat(o.signals()).isEqualTo(2);
        });
    }

    @Test
    void uncalibratedAndFailedScoresAreNoReward() throws Exception {
        specArrives(JUDGE_ONLY);
        arrives(exposure("r1", CHECKOUT, "a", T0));
        arrives(judgeScore("r1", CHECKOUT, FINGERPRINT, 5.0, seconds(20)));
        arrives(failedScore("r1", CHECKOUT, "fp-other", "timeout: gave up after 3 attempt(s)", seconds(25)));
        watermark(CLOSE);

        assertThat(outcomes()).singleElement().satisfies(o -> {
            assertThat(o.observed()).isFalse();
            assertThat(o.reward()).isZero();
        });
    }

    @Test
    void aScoreJudgedAfterTheWindowDoesNotCount() throws Exception {
        specArrives(JUDGE_ONLY);
        arrives(exposure("r1", CHECKOUT, "a", T0));
        arrives(calibratedScore("r1", CHECKOUT, FINGERPRINT, 5.0, 5.0, 1, CLOSE.plusSeconds(1)));
        watermark(CLOSE);

        assertThat(outcomes()).singleElement().satisfies(o -> assertThat(o.observed()).isFalse());
    }

    @Test
    void aScoreArrivingBeforeItsExposureIsJoined() throws Exception {
        specArrives(JUDGE_ONLY);
        arrives(calibratedScore("r1", CHECKOUT, FINGERPRINT, 2.0, 2.0, 1, seconds(20)));
        arrives(exposure("r1", CHECKOUT, "a", T0));
        watermark(CLOSE);

        assertThat(outcomes()).singleElement().satisfies(o -> assertThat(o.reward()).isCloseTo(0.25, within(1e-12)));
    }

    @Test
    void aScoreWhoseExposureNeverArrivesIsADeadLetterAfterTheOrphanTtl() throws Exception {
        specArrives(JUDGE_ONLY);
        JudgeScore orphan = calibratedScore("r1", CHECKOUT, FINGERPRINT, 2.0, 2.0, 1, seconds(20));
        arrives(orphan);

        watermark(seconds(20).plus(Duration.ofMinutes(30)).minusMillis(1));
        assertThat(sideOutput(harness, RewardJoinFunction.DEAD_LETTERS)).as("not before its TTL").isEmpty();
        watermark(seconds(20).plus(Duration.ofMinutes(30)));

        assertThat(outcomes()).isEmpty();
        assertThat(sideOutput(harness, RewardJoinFunction.DEAD_LETTERS)).singleElement().satisfies(d -> {
            assertThat(d.sourceTopic()).isEqualTo("test.judge-scores");
            assertThat(d.key()).isEqualTo("r1");
            assertThat(d.cause()).isEqualTo(DeadLetterCause.UNMATCHED_REWARD);
            assertThat(d.reason()).startsWith("unmatched judge score: no exposure with request_id r1");
            assertThat(SluiceJson.fromBytes(d.original(), JudgeScore.class)).isEqualTo(orphan);
        });
    }

    @Test
    void aJudgesSecondScoreOfTheSameRequestIsTheSameScoreAndCountsOnce() throws Exception {
        specArrives("""
                {"signals": {"judge": 1}, "combine": "mean", "attribution_window": "10m"}""");
        arrives(exposure("r1", CHECKOUT, "a", T0));
        arrives(calibratedScore("r1", CHECKOUT, FINGERPRINT, 5.0, 5.0, 1, seconds(20)));
        // Judged again after a recovery, with another verdict: the first stands.
        arrives(calibratedScore("r1", CHECKOUT, FINGERPRINT, 1.0, 1.0, 1, seconds(25)));
        // Another judge is another signal.
        arrives(calibratedScore("r1", CHECKOUT, "fp-other", 3.0, 3.0, 1, seconds(30)));
        watermark(CLOSE);

        assertThat(outcomes()).singleElement().satisfies(o -> {
            assertThat(o.reward()).isCloseTo(0.75, within(1e-12));
            assertThat(o.signals()).isEqualTo(2);
        });
    }

    @Test
    void aScoreAfterTheOutcomeChangesNothing() throws Exception {
        specArrives(JUDGE_ONLY);
        arrives(exposure("r1", CHECKOUT, "a", T0));
        watermark(CLOSE);
        arrives(calibratedScore("r1", CHECKOUT, FINGERPRINT, 5.0, 5.0, 1, seconds(20)));
        watermark(CLOSE.plusSeconds(60));

        assertThat(outcomes()).singleElement().satisfies(o -> assertThat(o.observed()).isFalse());
        assertThat(sideOutput(harness, RewardJoinFunction.DEAD_LETTERS)).as("a late verdict is only counted").isEmpty();
    }

    @Test
    void theJudgeRewardIsTheCalibratedScoreNormalisedAndClampedToTheUnitInterval() {
        var rubric = parse(judgedSpecJson(CHECKOUT, AMPLE)).judge().rubric();
        JudgeScore score = calibratedScore("r1", CHECKOUT, FINGERPRINT, 5.0, 5.0 + 1e-12, 3, seconds(20));

        Reward reward = RewardJoinFunction.judgeReward(score, rubric);

        assertThat(reward.signal()).isEqualTo(Signal.JUDGE);
        assertThat(reward.value()).isEqualTo(1.0);
        assertThat(reward.occurredAt()).isEqualTo(seconds(20));
        assertThat(reward.requestId()).isEqualTo("r1");
    }

    private void specArrives(String reward) throws Exception {
        harness.processBroadcastElement(
                specChange(CHECKOUT, judgedSpecJson(CHECKOUT, JUDGE_MODEL, 1.0, AMPLE, reward)), 0);
    }

    private void arrives(Exposure exposure) throws Exception {
        harness.processElement(JoinEvent.of(exposure), millis(exposure.decidedAt()));
    }

    private void arrives(Reward reward) throws Exception {
        harness.processElement(JoinEvent.of(reward), millis(reward.occurredAt()));
    }

    private void arrives(JudgeScore score) throws Exception {
        harness.processElement(JoinEvent.of(score), millis(score.judgedAt()));
    }

    private void watermark(Instant at) throws Exception {
        harness.processWatermark(millis(at));
    }

    private List<Outcome> outcomes() {
        return harness.extractOutputValues();
    }
}

package io.sluice.flink.rewardjoin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sluice.core.event.DeadLetter;
import io.sluice.core.event.DeadLetterCause;
import io.sluice.core.event.Exposure;
import io.sluice.core.event.Outcome;
import io.sluice.core.event.Reward;
import io.sluice.core.event.Signal;
import io.sluice.core.json.SluiceJson;
import io.sluice.flink.LoopFixtures;
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

class RewardJoinFunctionTest extends LoopFixtures {
    private static final Duration ORPHAN_TTL = Duration.ofMinutes(30);
    private static final Duration SETTLED_RETENTION = Duration.ofHours(1);
    private static final Duration SPEC_WAIT = Duration.ofMinutes(30);
    private static final Instant CLOSE = T0.plus(WINDOW);

    private KeyedBroadcastOperatorTestHarness<String, JoinEvent, SpecChange, Outcome> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new RewardJoinFunction(new RewardJoinSettings(ORPHAN_TTL, SETTLED_RETENTION, SPEC_WAIT,
                        new io.sluice.core.topic.TopicNames("test."), "test-loop")),
                JoinEvent::requestId, Types.STRING, SpecRevisions.STATE);
        // As in the job: the spec input never holds event time back.
        harness.processBroadcastWatermark(Long.MAX_VALUE);
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void aRewardArrivingBeforeItsExposureIsJoined() throws Exception {
        specArrives(spec(CHECKOUT, THUMBS));
        Reward thumbsUp = reward("r1", Signal.THUMBS_UP, seconds(30));

        arrives(thumbsUp);
        arrives(exposure("r1", CHECKOUT, "a", T0));
        watermark(CLOSE);

        assertThat(outcomes()).singleElement().satisfies(o -> {
            assertThat(o.requestId()).isEqualTo("r1");
            assertThat(o.arm()).isEqualTo("a");
            assertThat(o.reward()).isEqualTo(1.0);
            assertThat(o.observed()).isTrue();
            assertThat(o.signals()).isEqualTo(1);
            assertThat(o.decidedAt()).isEqualTo(T0);
            assertThat(o.settledAt()).isEqualTo(CLOSE);
            assertThat(o.lastRewardAt()).isEqualTo(thumbsUp.receivedAt());
        });
    }

    @Test
    void theOutcomeCarriesTheDecisionAsTheRouterLoggedIt() throws Exception {
        specArrives(spec(CHECKOUT, THUMBS));
        Exposure decision = exposure("r1", CHECKOUT, "b", T0);

        arrives(decision);
        watermark(CLOSE);

        Outcome outcome = outcomes().get(0);
        assertThat(outcome.experiment()).isEqualTo(decision.experiment());
        assertThat(outcome.unit()).isEqualTo(decision.unit());
        assertThat(outcome.propensity()).isEqualTo(decision.propensity());
        assertThat(outcome.policyVersion()).isEqualTo(decision.policyVersion());
        assertThat(outcome.inExperiment()).isTrue();
    }

    @Test
    void theOutcomeIsEmittedOnceTheWatermarkPassesTheWindowsCloseAndNotBefore() throws Exception {
        specArrives(spec(CHECKOUT, THUMBS));
        arrives(exposure("r1", CHECKOUT, "a", T0));

        watermark(CLOSE.minusMillis(1));
        assertThat(outcomes()).isEmpty();
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        watermark(CLOSE);
        watermark(CLOSE.plus(Duration.ofMinutes(5)));
        assertThat(outcomes()).hasSize(1);
    }

    @Test
    void anExposureWithoutRewardsSettlesToTheDefaultRewardUnobserved() throws Exception {
        specArrives(spec(CHECKOUT, """
                {"signals": {"thumbs_up": 1}, "attribution_window": "10m", "default_reward": 0.2}"""));

        arrives(exposure("r1", CHECKOUT, "a", T0));
        watermark(CLOSE);

        assertThat(outcomes()).singleElement().satisfies(o -> {
            assertThat(o.reward()).isEqualTo(0.2);
            assertThat(o.observed()).isFalse();
            assertThat(o.signals()).isZero();
            assertThat(o.lastRewardAt()).isNull();
        });
    }

    @Test
    void severalSignalsAreCombinedAsTheRewardDefinitionSays() throws Exception {
        specArrives(spec(CHECKOUT, """
                {"signals": {"copy": 0.6, "score": 0.1}, "combine": "mean", "attribution_window": "10m"}"""));
        Reward copy = reward("r1", Signal.COPY, seconds(20));
        Reward score = score("r1", 5.0, seconds(90));

        arrives(exposure("r1", CHECKOUT, "a", T0));
        arrives(copy);
        arrives(score);
        arrives(reward("r1", Signal.RETRY, seconds(120))); // not in the definition: ignored
        watermark(CLOSE);

        assertThat(outcomes()).singleElement().satisfies(o -> {
            assertThat(o.reward()).isCloseTo((0.6 + 0.5) / 2, within(1e-12));
            assertThat(o.signals()).isEqualTo(2);
            assertThat(o.lastRewardAt()).isEqualTo(score.receivedAt());
        });
    }

    @Test
    void aRepeatedRewardCountsOnce() throws Exception {
        specArrives(spec(CHECKOUT, """
                {"signals": {"thumbs_up": 1, "thumbs_down": 0}, "combine": "mean", "attribution_window": "10m"}"""));
        Reward thumbsUp = reward("r1", Signal.THUMBS_UP, seconds(30));
        Reward retried = new Reward(thumbsUp.schemaVersion(), "r1", Signal.THUMBS_UP, null, thumbsUp.occurredAt(),
                thumbsUp.receivedAt().plusSeconds(20));
        Reward thumbsDown = reward("r1", Signal.THUMBS_DOWN, seconds(40));

        arrives(exposure("r1", CHECKOUT, "a", T0));
        arrives(thumbsUp);
        arrives(retried);
        arrives(thumbsDown);
        watermark(CLOSE);

        assertThat(outcomes()).singleElement().satisfies(o -> {
            assertThat(o.reward()).isEqualTo(0.5);
            assertThat(o.signals()).isEqualTo(2);
            // The first report is the one kept: the retry's later receipt is not news.
            assertThat(o.lastRewardAt()).isEqualTo(thumbsDown.receivedAt());
        });
    }

    @Test
    void aRewardAfterTheOutcomeIsADeadLetterAndIsNotApplied() throws Exception {
        specArrives(spec(CHECKOUT, THUMBS));
        arrives(exposure("r1", CHECKOUT, "a", T0));
        watermark(CLOSE);

        // In the window by the user's clock, but it reached the job after the window had closed.
        Reward late = reward("r1", Signal.THUMBS_UP, seconds(60));
        arrives(late);
        watermark(CLOSE.plus(Duration.ofMinutes(1)));

        assertThat(outcomes()).singleElement().satisfies(o -> assertThat(o.reward()).isZero());
        assertThat(sideOutput(harness, RewardJoinFunction.DEAD_LETTERS)).singleElement().satisfies(letter -> {
            assertThat(letter.cause()).isEqualTo(DeadLetterCause.LATE_REWARD);
            assertThat(letter.key()).isEqualTo("r1");
            assertThat(letter.reason()).contains("late thumbs_up reward", "settled at " + CLOSE);
            assertThat(SluiceJson.fromBytes(letter.original(), Reward.class)).isEqualTo(late);
        });
    }

    @Test
    void aSettledRequestLeavesNoTimerBehindAndASecondExposureIsIgnored() throws Exception {
        specArrives(spec(CHECKOUT, THUMBS));
        arrives(exposure("r1", CHECKOUT, "a", T0));
        watermark(CLOSE);

        assertThat(harness.numEventTimeTimers()).as("the settled marker is forgotten without a timer").isZero();
        arrives(exposure("r1", CHECKOUT, "b", T0));
        watermark(CLOSE.plus(WINDOW));

        assertThat(outcomes()).singleElement().satisfies(o -> assertThat(o.arm()).isEqualTo("a"));
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aSettledMarkerLeavesStateAfterTheRetentionInProcessingTime() throws Exception {
        harness.setStateTtlProcessingTime(0);
        specArrives(spec(CHECKOUT, THUMBS));
        arrives(exposure("r1", CHECKOUT, "a", T0));
        watermark(CLOSE);

        // Event time has not moved on, but the job was stopped for longer than the retention: the
        // marker has expired from state, and a late reward is an orphan (a dead letter later).
        harness.setStateTtlProcessingTime(SETTLED_RETENTION.toMillis() + 1);
        arrives(reward("r1", Signal.THUMBS_UP, seconds(60)));

        assertThat(sideOutput(harness, RewardJoinFunction.DEAD_LETTERS)).as("not known as late any more").isEmpty();
        assertThat(harness.numEventTimeTimers()).as("its orphan timer").isEqualTo(1);
        assertThat(outcomes()).hasSize(1);
    }

    @Test
    void aSignalOutsideTheAttributionWindowDoesNotCount() throws Exception {
        specArrives(spec(CHECKOUT, THUMBS));
        arrives(exposure("r1", CHECKOUT, "a", T0));

        arrives(reward("r1", Signal.THUMBS_UP, CLOSE.plusSeconds(1)));
        watermark(CLOSE.plusSeconds(2));

        assertThat(outcomes()).singleElement().satisfies(o -> assertThat(o.observed()).isFalse());
    }

    @Test
    void anOutOfExperimentExposureStillGetsItsOutcome() throws Exception {
        specArrives(spec(CHECKOUT, THUMBS));

        arrives(exposure("r1", CHECKOUT, "a", T0, false));
        arrives(reward("r1", Signal.THUMBS_UP, seconds(5)));
        watermark(CLOSE);

        assertThat(outcomes()).singleElement().satisfies(o -> {
            assertThat(o.inExperiment()).isFalse();
            assertThat(o.reward()).isEqualTo(1.0);
        });
    }

    @Test
    void aSecondExposureOfTheSameRequestIsIgnored() throws Exception {
        specArrives(spec(CHECKOUT, THUMBS));

        arrives(exposure("r1", CHECKOUT, "a", T0));
        arrives(exposure("r1", CHECKOUT, "b", T0.plusSeconds(1)));
        watermark(CLOSE.plusSeconds(5));
        arrives(exposure("r1", CHECKOUT, "b", T0.plusSeconds(1)));
        watermark(CLOSE.plus(Duration.ofMinutes(20)));

        assertThat(outcomes()).singleElement().satisfies(o -> assertThat(o.arm()).isEqualTo("a"));
    }

    @Test
    void anExposureWhoseSpecArrivesAfterItsWindowClosedIsSettledAsTheSpecArrives() throws Exception {
        arrives(exposure("r1", CHECKOUT, "a", T0));
        arrives(reward("r1", Signal.THUMBS_UP, seconds(30)));
        watermark(CLOSE.plus(Duration.ofMinutes(1)));
        assertThat(outcomes()).isEmpty();
        assertThat(sideOutput(harness, RewardJoinFunction.DEAD_LETTERS)).isEmpty();

        specArrives(spec(CHECKOUT, THUMBS));

        assertThat(outcomes()).singleElement().satisfies(o -> {
            assertThat(o.reward()).isEqualTo(1.0);
            assertThat(o.settledAt()).isEqualTo(CLOSE.plus(Duration.ofMinutes(1)));
        });
    }

    @Test
    void anExposureWhoseSpecArrivesBeforeItsWindowClosesIsSettledOnTime() throws Exception {
        arrives(exposure("r1", CHECKOUT, "a", T0));
        watermark(seconds(60));
        specArrives(spec(CHECKOUT, THUMBS));
        watermark(seconds(120));
        assertThat(outcomes()).isEmpty();

        watermark(CLOSE);

        assertThat(outcomes()).singleElement().satisfies(o -> assertThat(o.settledAt()).isEqualTo(CLOSE));
    }

    @Test
    void whenTheInputHasEndedBeforeTheSpecArrivesTheExposureIsStillSettled() throws Exception {
        arrives(exposure("r1", CHECKOUT, "a", T0));
        arrives(reward("r1", Signal.THUMBS_UP, seconds(30)));
        harness.processWatermark(Long.MAX_VALUE);
        assertThat(sideOutput(harness, RewardJoinFunction.DEAD_LETTERS)).isEmpty();

        specArrives(spec(CHECKOUT, THUMBS));

        assertThat(outcomes()).singleElement().satisfies(o -> {
            assertThat(o.reward()).isEqualTo(1.0);
            assertThat(o.settledAt()).isEqualTo(CLOSE);
        });
    }

    @Test
    void anExposureWhoseSpecNeverArrivesIsDeadLetteredWithTheReason() throws Exception {
        Exposure decision = exposure("r1", CHECKOUT, "a", T0);
        arrives(decision);
        // Event time alone never gives up: a replayed backlog runs through hours in moments.
        watermark(T0.plus(Duration.ofHours(5)));
        assertThat(sideOutput(harness, RewardJoinFunction.DEAD_LETTERS)).isEmpty();

        harness.setProcessingTime(SPEC_WAIT.toMillis());

        assertThat(outcomes()).isEmpty();
        List<DeadLetter> deadLetters = sideOutput(harness, RewardJoinFunction.DEAD_LETTERS);
        assertThat(deadLetters).singleElement().satisfies(d -> {
            assertThat(d.sourceTopic()).isEqualTo("test.exposures");
            assertThat(d.cause()).isEqualTo(io.sluice.core.event.DeadLetterCause.NO_SPEC);
            assertThat(d.key()).isEqualTo("r1");
            assertThat(d.consumer()).isEqualTo("test-loop");
            assertThat(d.reason()).contains("checkout", "did not arrive");
            assertThat(SluiceJson.fromBytes(d.original(), Exposure.class)).isEqualTo(decision);
        });
    }

    @Test
    void anOrphanRewardExpiresAfterItsTtlIntoTheDeadLetterTopicWithTheReason() throws Exception {
        specArrives(spec(CHECKOUT, THUMBS));
        Reward orphan = reward("r1", Signal.THUMBS_UP, seconds(30));
        arrives(orphan);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        watermark(seconds(30).plus(ORPHAN_TTL).minusMillis(1));
        assertThat(sideOutput(harness, RewardJoinFunction.DEAD_LETTERS)).as("not before its TTL").isEmpty();

        watermark(seconds(30).plus(ORPHAN_TTL));
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(sideOutput(harness, RewardJoinFunction.DEAD_LETTERS)).singleElement().satisfies(d -> {
            assertThat(d.sourceTopic()).isEqualTo("test.rewards");
            assertThat(d.key()).isEqualTo("r1");
            assertThat(d.cause()).isEqualTo(io.sluice.core.event.DeadLetterCause.UNMATCHED_REWARD);
            assertThat(d.reason()).isEqualTo("unmatched thumbs_up reward: no exposure with request_id r1 arrived "
                    + "within the orphan TTL (30m): the id was never issued, its decision was lost, or it came more "
                    + "than 1h after its outcome was settled");
            assertThat(SluiceJson.fromBytes(d.original(), Reward.class)).isEqualTo(orphan);
        });

        // The exposure turns up after all, very late: the reward is gone and the default applies.
        arrives(exposure("r1", CHECKOUT, "a", T0));
        watermark(seconds(30).plus(ORPHAN_TTL).plusMillis(1));

        assertThat(outcomes()).singleElement().satisfies(o -> assertThat(o.observed()).isFalse());
    }

    @Test
    void eachOrphanRewardOfARequestExpiresOnItsOwnTime() throws Exception {
        specArrives(spec(CHECKOUT, THUMBS));
        arrives(reward("r1", Signal.THUMBS_UP, seconds(30)));
        arrives(reward("r1", Signal.THUMBS_DOWN, seconds(600)));

        watermark(seconds(30).plus(ORPHAN_TTL));
        assertThat(sideOutput(harness, RewardJoinFunction.DEAD_LETTERS)).as("only the first one's TTL is over")
                .extracting(d -> SluiceJson.fromBytes(d.original(), Reward.class).signal())
                .containsExactly(Signal.THUMBS_UP);

        watermark(seconds(600).plus(ORPHAN_TTL).minusMillis(1));
        assertThat(sideOutput(harness, RewardJoinFunction.DEAD_LETTERS)).hasSize(1);

        watermark(seconds(600).plus(ORPHAN_TTL));
        assertThat(sideOutput(harness, RewardJoinFunction.DEAD_LETTERS))
                .extracting(d -> SluiceJson.fromBytes(d.original(), Reward.class).signal())
                .containsExactly(Signal.THUMBS_UP, Signal.THUMBS_DOWN);
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aRewardForgottenAfterItsRequestWasSettledLongAgoIsADeadLetterToo() throws Exception {
        specArrives(spec(CHECKOUT, THUMBS));
        arrives(exposure("r1", CHECKOUT, "a", T0));
        watermark(CLOSE.plus(SETTLED_RETENTION));
        Reward muchLater = reward("r1", Signal.THUMBS_UP, CLOSE.plus(SETTLED_RETENTION).plusSeconds(1));
        arrives(muchLater);

        watermark(muchLater.occurredAt().plus(ORPHAN_TTL));

        assertThat(outcomes()).hasSize(1);
        assertThat(sideOutput(harness, RewardJoinFunction.DEAD_LETTERS)).singleElement().satisfies(d -> {
            assertThat(d.cause()).isEqualTo(io.sluice.core.event.DeadLetterCause.UNMATCHED_REWARD);
            assertThat(d.reason()).contains("more than 1h after its outcome was settled");
        });
    }

    @Test
    void aSettledRequestIsForgottenAfterTheRetentionAndItsRewardsAreOrphansAgain() throws Exception {
        specArrives(spec(CHECKOUT, THUMBS));
        arrives(exposure("r1", CHECKOUT, "a", T0));
        watermark(CLOSE);
        watermark(CLOSE.plus(SETTLED_RETENTION));
        assertThat(harness.numEventTimeTimers()).isZero();

        arrives(reward("r1", Signal.THUMBS_UP, CLOSE.plus(SETTLED_RETENTION).plusSeconds(1)));

        assertThat(sideOutput(harness, RewardJoinFunction.DEAD_LETTERS)).as("an orphan again, not late").isEmpty();
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    }

    private void specArrives(SpecChange change) throws Exception {
        harness.processBroadcastElement(change, 0);
    }

    private void arrives(Exposure exposure) throws Exception {
        harness.processElement(JoinEvent.of(exposure), millis(exposure.decidedAt()));
    }

    private void arrives(Reward reward) throws Exception {
        harness.processElement(JoinEvent.of(reward), millis(reward.occurredAt()));
    }

    private void watermark(Instant at) throws Exception {
        harness.processWatermark(millis(at));
    }

    private List<Outcome> outcomes() {
        return harness.extractOutputValues();
    }
}

package io.sluice.flink.judge;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.event.JudgeScore;
import io.sluice.core.event.Trace;
import io.sluice.flink.JudgeFixtures;
import io.sluice.flink.ManualClock;
import io.sluice.simulator.upstream.SimulatedUpstream;
import io.sluice.simulator.world.JudgeProfile;
import io.sluice.simulator.world.SimulatorConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailbox;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingTaskMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperatorFactory;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.tasks.mailbox.Mail;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The judge calls in Flink's async operator, against simulated judge models over real HTTP: the
 * budget, the capacity, retries and timeouts, each visible as scores and counters.
 */
class AsyncJudgeFunctionTest extends JudgeFixtures {
    private static final String SLOW = "sim-judge-slow";
    private static final String BROKEN = "sim-judge-broken";
    private static final Duration AWAIT = Duration.ofSeconds(20);

    private static SimulatedUpstream judges;

    private final ManualClock clock = new ManualClock(T0);
    private final InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
    private OneInputStreamOperatorTestHarness<JudgeOrder, JudgeScore> harness;

    @BeforeAll
    static void startJudges() {
        judges = SimulatedUpstream.start(SimulatorConfig.builder().judges(List.of(
                        JudgeProfile.builder().model(JUDGE_MODEL).noise(0.2).instant().build(),
                        JudgeProfile.builder().model(SLOW).noise(0.2).latency(Duration.ofMillis(300))
                                .jitter(Duration.ZERO).build(),
                        JudgeProfile.builder().model(BROKEN).errorRate(1).instant().build()))
                .build());
    }

    @AfterAll
    static void stopJudges() {
        judges.close();
    }

    @AfterEach
    void closeHarness() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void judgmentsOverTheMinutesBudgetAreSkippedAndCountedAndTheBudgetSlides() throws Exception {
        open();
        String spec = spec(JUDGE_MODEL, 3, 10_000_000, 2, "5s", 0);

        for (int i = 0; i < 5; i++) {
            offer("r" + i, spec);
        }
        assertThat(awaitScores(3)).extracting(JudgeScore::requestId).containsExactlyInAnyOrder("r0", "r1", "r2");
        assertThat(count("judgmentsAdmitted")).isEqualTo(3);
        assertThat(count("skippedOverJudgments")).isEqualTo(2);

        clock.advance(Duration.ofSeconds(59));
        offer("r5", spec);
        assertThat(count("skippedOverJudgments")).isEqualTo(3);

        clock.advance(Duration.ofSeconds(2));
        offer("r6", spec);
        assertThat(awaitScores(4)).extracting(JudgeScore::requestId).contains("r6");
        assertThat(count("judgmentsAdmitted")).isEqualTo(4);
        assertThat(scores()).allSatisfy(score -> {
            assertThat(score.failed()).isFalse();
            assertThat(score.rawScore()).isBetween(1.0, 5.0);
            assertThat(score.judgedAt()).isAfterOrEqualTo(T0);
        });
    }

    @Test
    void tokensOverTheHoursBudgetAreSkippedAndWhatACallReallyUsedIsGivenBack() throws Exception {
        open();
        long estimate = TokenEstimate.forJudge(parse(spec(SLOW, 100, 1, 2, "5s", 0)).judge().rubric(), "sim-judge", 400)
                .of(trace("r0", CHECKOUT, "a", 0.5, T0));
        // Room for one and a half estimates: the second call, asked while the first is still
        // running on its reservation, does not fit.
        String spec = spec(SLOW, 100, estimate * 3 / 2, 2, "5s", 0);

        offer("r0", spec);
        offer("r1", spec);
        assertThat(count("skippedOverTokens")).isEqualTo(1);

        assertThat(awaitScores(1)).extracting(JudgeScore::requestId).containsExactly("r0");
        // The simulated judge reports far fewer tokens than were reserved: the rest is free again.
        assertThat(count("judgeTokensUsed")).isPositive().isLessThan(estimate / 2);
        offer("r2", spec);
        // ... but not while r2 runs on its reservation.
        offer("r3", spec);
        assertThat(count("skippedOverTokens")).isEqualTo(2);
        assertThat(awaitScores(2)).extracting(JudgeScore::requestId).containsExactly("r0", "r2");

        clock.advance(Duration.ofMinutes(61));
        offer("r4", spec);
        assertThat(awaitScores(3)).extracting(JudgeScore::requestId).containsExactly("r0", "r2", "r4");
        assertThat(count("judgmentsAdmitted")).isEqualTo(3);
    }

    @Test
    void aCallThatKeepsFailingBecomesAFailedScoreAfterItsRetriesNeverAMadeUpOne() throws Exception {
        open();

        offer("r1", spec(BROKEN, 100, 10_000_000, 2, "5s", 2));

        JudgeScore score = awaitScores(1).get(0);
        assertThat(score.failed()).isTrue();
        assertThat(score.failure()).startsWith("server_error: gave up after 3 attempt(s)");
        assertThat(score.rawScore()).isNull();
        assertThat(score.calibratedScore()).isNull();
        assertThat(score.axes()).isEmpty();
        assertThat(score.fingerprint()).isNotBlank();
        assertThat(count("judgeRetries")).isEqualTo(2);
        assertThat(count("judgeCallFailures")).isEqualTo(1);
        assertThat(count("judgeFailed")).isEqualTo(1);
        assertThat(judges.received().countFor(BROKEN)).isEqualTo(3);
    }

    @Test
    void aJudgeSlowerThanTheTimeoutGivesATimeoutThatIsCounted() throws Exception {
        open();

        offer("r1", spec(SLOW, 100, 10_000_000, 2, "100ms", 1));

        JudgeScore score = awaitScores(1).get(0);
        assertThat(score.failure()).startsWith("timeout: gave up after 2 attempt(s)");
        assertThat(score.rawScore()).isNull();
        assertThat(count("judgeTimeouts")).isEqualTo(1);
        assertThat(count("judgeRetries")).isEqualTo(1);
    }

    @Test
    void noMoreCallsRunAtOnceThanTheExperimentsCapacity() throws Exception {
        open();
        String spec = spec(SLOW, 100, 10_000_000, 2, "5s", 0);

        long started = System.nanoTime();
        for (int i = 0; i < 6; i++) {
            offer("r" + i, spec);
        }
        awaitScores(6);
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        // Six calls of 300 ms, two at a time, take three rounds.
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(900);
        assertThat(scores()).allSatisfy(score -> assertThat(score.failed()).isFalse());
    }

    @Test
    void anUnreachableEndpointGivesFailedScoresAndTheJudgmentsStillCount() throws Exception {
        harness = harness(JudgeEndpointSettings.of("http://127.0.0.1:9/v1", null));
        harness.open();

        offer("r1", spec(JUDGE_MODEL, 100, 10_000_000, 2, "2s", 0));

        JudgeScore score = awaitScores(1).get(0);
        assertThat(score.failure()).startsWith("unreachable: gave up after 1 attempt(s)");
        assertThat(count("judgmentsAdmitted")).isEqualTo(1);
    }

    // ------------------------------------------------------------------ helpers

    private static String spec(String model, int perMinute, long tokensPerHour, int capacity, String timeout,
            int retries) {
        return judgedSpecJson(CHECKOUT, model, 1.0, """
                "judgments_per_minute": %d, "tokens_per_hour": %d, "capacity": %d, "timeout": "%s",
                "max_retries": %d""".formatted(perMinute, tokensPerHour, capacity, timeout, retries), THUMBS);
    }

    private void open() throws Exception {
        harness = harness(JudgeEndpointSettings.of(judges.baseUrl(), null));
        harness.open();
    }

    private OneInputStreamOperatorTestHarness<JudgeOrder, JudgeScore> harness(JudgeEndpointSettings endpoint)
            throws Exception {
        AsyncJudgeFunction function = new AsyncJudgeFunction(endpoint, 16, Duration.ofMillis(20),
                Duration.ofMillis(40), Duration.ofMinutes(1), clock);
        InterceptingTaskMetricGroup tasks = new InterceptingTaskMetricGroup() {
            @Override
            public InternalOperatorMetricGroup getOrAddOperator(OperatorID id, String name,
                    Map<String, String> variables) {
                return metrics;
            }
        };
        return new OneInputStreamOperatorTestHarness<>(
                new AsyncWaitOperatorFactory<>(function, Duration.ofMinutes(1).toMillis(), 16,
                        AsyncDataStream.OutputMode.UNORDERED),
                TypeInformation.of(JudgeOrder.class).createSerializer(new SerializerConfigImpl()),
                new MockEnvironmentBuilder().setMetricGroup(tasks).build());
    }

    private void offer(String requestId, String spec) throws Exception {
        Trace trace = trace(requestId, CHECKOUT, "a", 0.2 + 0.1 * Math.floorMod(requestId.hashCode(), 6), T0);
        harness.processElement(new JudgeOrder(trace, jobSpec(spec).judge()), 0);
    }

    private long count(String counter) {
        return ((Counter) metrics.get(counter)).getCount();
    }

    /** Runs the operator's mail (the completed calls) until {@code n} scores are out. */
    private List<JudgeScore> awaitScores(int n) throws Exception {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (scores().size() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + scores().size() + " of " + n + " scores within " + AWAIT);
            }
            Optional<Mail> mail = harness.getTaskMailbox().tryTake(TaskMailbox.MIN_PRIORITY);
            if (mail.isPresent()) {
                mail.get().run();
            } else {
                Thread.sleep(5);
            }
        }
        return scores();
    }

    @SuppressWarnings("unchecked")
    private List<JudgeScore> scores() {
        List<JudgeScore> out = new ArrayList<>();
        for (Object record : harness.getOutput()) {
            if (record instanceof StreamRecord<?> r) {
                out.add(((StreamRecord<JudgeScore>) r).getValue());
            }
        }
        return out;
    }
}

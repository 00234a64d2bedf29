package io.sluice.flink.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sluice.core.assignment.RequestSampling;
import io.sluice.core.event.DeadLetter;
import io.sluice.core.experiment.ExperimentSpec;
import io.sluice.flink.JudgeFixtures;
import io.sluice.flink.experiments.SpecChange;
import io.sluice.flink.experiments.SpecRevisions;
import io.sluice.core.event.Trace;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TraceSamplingTest extends JudgeFixtures {
    private static final Duration SPEC_WAIT = Duration.ofMinutes(10);

    private KeyedBroadcastOperatorTestHarness<String, Trace, SpecChange, JudgeOrder> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new TraceSampling(SPEC_WAIT, "test.traces", "test-judge"), Trace::experiment, Types.STRING,
                SpecRevisions.STATE);
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void everyArmIsJudgedAtTheSpecsRateAndTheSampleIsTheRequestHashs() throws Exception {
        String json = judgedSpecJson(CHECKOUT, JUDGE_MODEL, 0.3, AMPLE, THUMBS);
        harness.processBroadcastElement(specChange(CHECKOUT, json), 0);
        ExperimentSpec spec = parse(json);

        Set<String> expected = new HashSet<>();
        int perArm = 2_000;
        for (int i = 0; i < 2 * perArm; i++) {
            String requestId = "req-" + i;
            harness.processElement(trace(requestId, CHECKOUT, i % 2 == 0 ? "a" : "b", 0.5, T0), 0);
            if (RequestSampling.judged(spec, requestId)) {
                expected.add(requestId);
            }
        }

        List<JudgeOrder> orders = harness.extractOutputValues();
        assertThat(orders).extracting(o -> o.trace().requestId()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(orders).allSatisfy(o -> assertThat(o.judge()).isEqualTo(jobSpec(json).judge()));
        for (String arm : List.of("a", "b")) {
            double rate = orders.stream().filter(o -> o.trace().arm().equals(arm)).count() / (double) perArm;
            // Three standard errors of a proportion of 0.3 over 2,000 traces.
            assertThat(rate).as("arm " + arm).isCloseTo(0.3, within(0.031));
        }
    }

    @Test
    void anExperimentWithoutAJudgeHasNothingJudged() throws Exception {
        harness.processBroadcastElement(spec(CHECKOUT, THUMBS), 0);

        harness.processElement(trace("r1", CHECKOUT, "a", 0.5, T0), 0);

        assertThat(harness.extractOutputValues()).isEmpty();
    }

    @Test
    void aTraceWaitsForItsSpec() throws Exception {
        harness.processElement(trace("r1", CHECKOUT, "a", 0.5, T0), 0);
        harness.processElement(trace("r2", CHECKOUT, "b", 0.5, T0), 0);
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.processBroadcastElement(judgedSpec(CHECKOUT, AMPLE), 0);

        assertThat(harness.extractOutputValues()).extracting(o -> o.trace().requestId())
                .containsExactly("r1", "r2");
        harness.setProcessingTime(SPEC_WAIT.toMillis() + 1);
        assertThat(sideOutput(harness, TraceSampling.DEAD_LETTERS)).isEmpty();
    }

    @Test
    void tracesWhoseSpecNeverArrivesAreDeadLettersWithTheReason() throws Exception {
        harness.processElement(trace("r1", CHECKOUT, "a", 0.5, T0), 0);

        harness.setProcessingTime(SPEC_WAIT.toMillis() + 1);

        List<DeadLetter> dead = sideOutput(harness, TraceSampling.DEAD_LETTERS);
        assertThat(dead).singleElement().satisfies(letter -> {
            assertThat(letter.sourceTopic()).isEqualTo("test.traces");
            assertThat(letter.key()).isEqualTo("r1");
            assertThat(letter.reason()).contains("spec of experiment 'checkout' did not arrive within PT10M");
        });
        harness.processBroadcastElement(judgedSpec(CHECKOUT, AMPLE), 0);
        assertThat(harness.extractOutputValues()).isEmpty();
    }
}

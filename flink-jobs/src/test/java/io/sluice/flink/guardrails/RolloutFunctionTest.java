package io.sluice.flink.guardrails;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.event.Control;
import io.sluice.core.event.ControlAction;
import io.sluice.flink.LoopFixtures;
import io.sluice.flink.experiments.JobSpec;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A guarded rollout of three steps, 10% → 50% → 100%, each after 3 minutes and 2 clean one-minute windows. */
class RolloutFunctionTest extends LoopFixtures {
    private static final long MINUTE = 60_000;
    private static final JobSpec.Rollout ROLLOUT = new JobSpec.Rollout(List.of(0.1, 0.5, 1.0), 3 * MINUTE, 2);

    private KeyedTwoInputStreamOperatorTestHarness<String, WindowSummary, Control, Control> harness;
    private int minute;

    @BeforeEach
    void openHarness() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(new RolloutFunction(),
                WindowSummary::experiment, Control::experiment, Types.STRING);
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void eachStepWaitsForItsDurationAndItsCleanWindowsAndABreachStartsTheCountAgain() throws Exception {
        window(true);
        window(true);
        assertThat(advances()).as("2 clean windows, but 1 minute into the step").isEmpty();
        window(false);
        window(true);
        assertThat(advances()).as("the breached window started the count again").isEmpty();
        window(true);
        assertThat(advances()).singleElement().satisfies(c -> {
            assertThat(c.action()).isEqualTo(ControlAction.ADVANCE);
            assertThat(c.step()).isEqualTo(1);
            assertThat(c.key()).isEqualTo("exp/@rollout");
            assertThat(c.issuedAt()).isEqualTo(at(minute));
            assertThat(c.reason()).contains("step 1 (traffic 0.5)");
        });

        for (int i = 0; i < 3; i++) {
            window(true);
        }
        assertThat(advances()).extracting(Control::step).containsExactly(1, 2);
        for (int i = 0; i < 5; i++) {
            window(true);
        }
        assertThat(advances()).as("the last step is the last").hasSize(2);
    }

    @Test
    void aPauseOrARollbackHaltsTheRampUntilLifted() throws Exception {
        window(true);
        harness.processElement2(control("b", ControlAction.PAUSE), 0);
        for (int i = 0; i < 5; i++) {
            window(true);
        }
        assertThat(advances()).as("halted while b is paused").isEmpty();

        harness.processElement2(control("b", ControlAction.RESUME), 0);
        window(true);
        assertThat(advances()).as("counting starts again from zero").isEmpty();
        window(true);
        assertThat(advances()).extracting(Control::step).containsExactly(1);

        harness.processElement2(control(null, ControlAction.ROLLBACK), 0);
        for (int i = 0; i < 5; i++) {
            window(true);
        }
        assertThat(advances()).hasSize(1);
    }

    private void window(boolean clean) throws Exception {
        minute++;
        harness.processElement1(new WindowSummary("exp", at(minute).toEpochMilli(), clean, ROLLOUT), 0);
    }

    private static Instant at(int minute) {
        return T0.plusMillis(minute * MINUTE);
    }

    private static Control control(String arm, ControlAction action) {
        return new Control(1, "exp", arm, action, "operator", "admin", T0);
    }

    private List<Control> advances() {
        return output(harness, Control.class);
    }
}

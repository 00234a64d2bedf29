package io.sluice.flink.guardrails;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.event.Alert;
import io.sluice.core.event.AlertKind;
import io.sluice.core.event.CallOutcome;
import io.sluice.core.event.Control;
import io.sluice.core.event.ControlAction;
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

/**
 * The guardrails operator with hand-pushed watermarks: windows of one minute from {@link #T0}.
 */
class GuardrailFunctionTest extends LoopFixtures {
    private static final long MINUTE = 60_000;
    private static final Instant W0 = Instant.parse("2026-12-01T10:00:00Z");

    private KeyedBroadcastOperatorTestHarness<String, GuardrailSample, SpecChange, Alert> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new GuardrailFunction(Duration.ofMinutes(30), "test.exposures", "test-guardrails"),
                GuardrailSample::experiment, Types.STRING, SpecRevisions.STATE);
        harness.processBroadcastWatermark(Long.MAX_VALUE);
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    /**
     * The example of the background article on A/B testing LLM features ("Guardrails"): three
     * limits, two windows in a row over them. Window 1 alerts on each and acts on none; window 2
     * reaches every action: the latency breach pauses the arm, the error breach rolls the
     * experiment back, the cost breach (an alert-only limit, the article's "review spend") alerts.
     */
    @Test
    void theArticlesTwoWindowExampleAlertsFirstAndActsOnTheSecondWindow() throws Exception {
        specArrives("""
                {"schema_version": 1, "name": "support", "unit": "user",
                 "arms": [{"name": "control", "model": "m-old"}, {"name": "treatment", "model": "m-new"}],
                 "reward": {"signals": {"thumbs_up": 1}},
                 "prices": {"m-old": {"input_per_million_tokens_usd": 0, "output_per_million_tokens_usd": 1000},
                            "m-new": {"input_per_million_tokens_usd": 0, "output_per_million_tokens_usd": 1000}},
                 "guardrails": [
                   {"metric": "latency_p95_ms", "max": 3000, "window": "1m", "consecutive_windows": 2,
                    "min_samples": 500, "action": "pause"},
                   {"metric": "error_rate", "max": 0.001, "window": "1m", "consecutive_windows": 2,
                    "min_samples": 500, "action": "rollback"},
                   {"metric": "cost_per_request_usd", "max": 0.08, "window": "1m", "consecutive_windows": 2,
                    "min_samples": 500, "action": "alert"}]}""");

        // Window 1: p95 latency 3300 ms, error rate 0.002, cost 0.09 USD per request.
        window(0, "treatment", 1000, 2, 3300, 90);
        window(0, "control", 1000, 0, 1200, 50);
        watermark(W0.plusMillis(MINUTE - 1));

        List<Alert> first = alerts();
        assertThat(first).extracting(Alert::kind).containsOnly(AlertKind.GUARDRAIL_BREACH);
        java.util.Map<String, Double> values = new java.util.HashMap<>();
        first.forEach(a -> values.put(a.evidence().statistic(), a.evidence().value()));
        assertThat(values).containsOnlyKeys("latency_p95_ms", "error_rate", "cost_per_request_usd");
        assertThat(values.get("latency_p95_ms")).isEqualTo(3300.0);
        assertThat(values.get("error_rate")).isEqualTo(0.002);
        // A mean of 998 costs of 90 tokens at $1,000 per million: 0.09 up to the rounding of the sum.
        assertThat(values.get("cost_per_request_usd")).isCloseTo(0.09, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(first).allSatisfy(a -> {
            assertThat(a.subject()).isEqualTo("treatment");
            assertThat(a.severity()).isEqualTo(Alert.Severity.WARNING);
            assertThat(a.message()).contains("1 breached window in a row of 2");
            assertThat(a.evidence().windowStart()).isEqualTo(W0);
            assertThat(a.evidence().windowEnd()).isEqualTo(W0.plusMillis(MINUTE));
        });
        assertThat(controls()).as("window 1 acts on nothing").isEmpty();

        // Window 2: p95 3400 ms, error rate 0.003, cost 0.091 USD.
        window(1, "treatment", 1000, 3, 3400, 91);
        window(1, "control", 1000, 0, 1200, 50);
        watermark(W0.plusMillis(2 * MINUTE - 1));

        List<Alert> second = alerts().subList(first.size(), alerts().size());
        assertThat(second).hasSize(3).allSatisfy(a -> assertThat(a.message()).contains("2 breached windows in a row of 2"));
        assertThat(second).filteredOn(a -> a.severity() == Alert.Severity.CRITICAL).hasSize(2);
        assertThat(controls()).extracting(Control::action, Control::arm)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(ControlAction.PAUSE, "treatment"),
                        org.assertj.core.groups.Tuple.tuple(ControlAction.ROLLBACK, null));
        assertThat(controls()).allSatisfy(c -> {
            assertThat(c.issuedBy()).isEqualTo(GuardrailFunction.ISSUER);
            assertThat(c.issuedAt()).isEqualTo(W0.plusMillis(2 * MINUTE));
        });

        // A third breached window raises its alerts but does not act again.
        window(2, "treatment", 1000, 3, 3400, 91);
        window(2, "control", 1000, 0, 1200, 50);
        watermark(W0.plusMillis(3 * MINUTE - 1));
        assertThat(controls()).hasSize(2);
    }

    @Test
    void aLimitRelativeToTheControlComparesTheSameWindowAndAThinWindowSaysNothing() throws Exception {
        specArrives("""
                {"schema_version": 1, "name": "support", "unit": "user",
                 "arms": [{"name": "control", "model": "m"}, {"name": "treatment", "model": "m"}],
                 "reward": {"signals": {"thumbs_up": 1}},
                 "guardrails": [{"metric": "latency_p95_ms", "max_ratio_to_control": 1.5, "window": "1m",
                                 "consecutive_windows": 2, "min_samples": 100, "action": "pause"}]}""");

        // Slow, but so is the control: 2400 / 2000 = 1.2, within 1.5.
        window(0, "treatment", 200, 0, 2400, 10);
        window(0, "control", 200, 0, 2000, 10);
        watermark(W0.plusMillis(MINUTE - 1));
        assertThat(alerts()).isEmpty();

        // 3300 / 2000 = 1.65: breached.
        window(1, "treatment", 200, 0, 3300, 10);
        window(1, "control", 200, 0, 2000, 10);
        watermark(W0.plusMillis(2 * MINUTE - 1));
        assertThat(alerts()).singleElement().satisfies(a -> {
            assertThat(a.evidence().statistic()).isEqualTo("latency_p95_ms / control");
            assertThat(a.evidence().value()).isEqualTo(1.65, org.assertj.core.api.Assertions.within(1e-12));
            assertThat(a.evidence().threshold()).isEqualTo(1.5);
        });

        // The control arm is thin in window 3 (99 < 100): the window neither breaches nor clears.
        window(2, "treatment", 200, 0, 3300, 10);
        window(2, "control", 99, 0, 2000, 10);
        watermark(W0.plusMillis(3 * MINUTE - 1));
        assertThat(alerts()).hasSize(1);
        assertThat(controls()).isEmpty();

        // Window 4 is the second breach in a row that counts: the arm is paused.
        window(3, "treatment", 200, 0, 3300, 10);
        window(3, "control", 200, 0, 2000, 10);
        watermark(W0.plusMillis(4 * MINUTE - 1));
        assertThat(controls()).singleElement().satisfies(c -> {
            assertThat(c.action()).isEqualTo(ControlAction.PAUSE);
            assertThat(c.arm()).isEqualTo("treatment");
        });

        // Two clean windows in a row after the breach: recovered.
        for (int w = 4; w < 6; w++) {
            window(w, "treatment", 200, 0, 2000, 10);
            window(w, "control", 200, 0, 2000, 10);
            watermark(W0.plusMillis((w + 1) * MINUTE - 1));
        }
        assertThat(alerts().get(alerts().size() - 1).kind()).isEqualTo(AlertKind.GUARDRAIL_RECOVERED);
        assertThat(alerts()).filteredOn(a -> a.kind() == AlertKind.GUARDRAIL_RECOVERED).hasSize(1);
    }

    @Test
    void theControlArmIsNeverPausedAndLateSamplesAreDropped() throws Exception {
        specArrives("""
                {"schema_version": 1, "name": "support", "unit": "user",
                 "arms": [{"name": "control", "model": "m"}, {"name": "treatment", "model": "m"}],
                 "reward": {"signals": {"thumbs_up": 1}},
                 "guardrails": [{"metric": "error_rate", "max": 0.1, "window": "1m", "consecutive_windows": 1,
                                 "min_samples": 10, "action": "pause"}]}""");

        window(0, "control", 100, 50, 1000, 10);
        watermark(W0.plusMillis(MINUTE - 1));

        assertThat(alerts()).singleElement().satisfies(a -> assertThat(a.message()).contains("never paused"));
        assertThat(controls()).isEmpty();

        window(0, "treatment", 100, 50, 1000, 10);
        watermark(W0.plusMillis(2 * MINUTE - 1));
        assertThat(alerts()).as("samples of a closed window are late").hasSize(1);
    }

    @Test
    void anExperimentWithARolloutHearsOfEveryWindowWhetherItWasClean() throws Exception {
        specArrives("""
                {"schema_version": 1, "name": "support", "unit": "user",
                 "arms": [{"name": "control", "model": "m"}, {"name": "treatment", "model": "m"}],
                 "reward": {"signals": {"thumbs_up": 1}},
                 "rollout": {"steps": [0.05, 1.0], "min_step_duration": "0s", "clean_windows": 1},
                 "guardrails": [{"metric": "error_rate", "max": 0.1, "window": "1m", "min_samples": 50}]}""");

        window(0, "treatment", 100, 0, 1000, 10);
        window(0, "control", 100, 0, 1000, 10);
        watermark(W0.plusMillis(MINUTE - 1));
        window(1, "treatment", 100, 30, 1000, 10);
        window(1, "control", 100, 0, 1000, 10);
        watermark(W0.plusMillis(2 * MINUTE - 1));
        window(2, "treatment", 10, 0, 1000, 10);
        window(2, "control", 100, 0, 1000, 10);
        watermark(W0.plusMillis(3 * MINUTE - 1));

        assertThat(sideOutput(harness, GuardrailFunction.WINDOWS)).extracting(WindowSummary::clean)
                .as("clean, breached, too thin").containsExactly(true, false, false);
        assertThat(sideOutput(harness, GuardrailFunction.WINDOWS)).extracting(WindowSummary::windowEndMillis)
                .containsExactly(W0.plusMillis(MINUTE).toEpochMilli(), W0.plusMillis(2 * MINUTE).toEpochMilli(),
                        W0.plusMillis(3 * MINUTE).toEpochMilli());
    }

    @Test
    void autoResumeTriesAPausedArmAgainAfterQuietWindowsAndWaitsTwiceAsLongEachTime() throws Exception {
        specArrives("""
                {"schema_version": 1, "name": "support", "unit": "user",
                 "arms": [{"name": "control", "model": "m"}, {"name": "treatment", "model": "m"}],
                 "reward": {"signals": {"thumbs_up": 1}},
                 "guardrails": [{"metric": "error_rate", "max": 0.1, "window": "1m", "consecutive_windows": 2,
                                 "min_samples": 50, "action": "pause", "auto_resume": true}]}""");
        int w = 0;
        for (; w < 2; w++) {
            closeMinute(w, 100);
        }
        assertThat(controls()).extracting(Control::action).containsExactly(ControlAction.PAUSE);

        // Paused: the arm gets no traffic, its windows are empty. Two of them, and it is tried again.
        for (; w < 4; w++) {
            closeMinute(w, 0);
        }
        assertThat(controls()).extracting(Control::action).containsExactly(ControlAction.PAUSE, ControlAction.RESUME);
        assertThat(controls().get(1).arm()).isEqualTo("treatment");
        assertThat(controls().get(1).reason()).contains("auto_resume", "2 windows without a breach");

        // Still failing: paused again after two breached windows, then resumed only after four quiet ones.
        for (; w < 6; w++) {
            closeMinute(w, 100);
        }
        assertThat(controls()).hasSize(3);
        for (; w < 9; w++) {
            closeMinute(w, 0);
        }
        assertThat(controls()).as("the second wait is twice as long").hasSize(3);
        closeMinute(w++, 0);
        assertThat(controls()).extracting(Control::action).containsExactly(ControlAction.PAUSE, ControlAction.RESUME,
                ControlAction.PAUSE, ControlAction.RESUME);
    }

    /** Minute {@code index}: a healthy control arm and, unless {@code treatmentCalls} is 0, a failing treatment. */
    private void closeMinute(int index, int treatmentCalls) throws Exception {
        window(index, "control", 100, 0, 1000, 10);
        if (treatmentCalls > 0) {
            window(index, "treatment", treatmentCalls, treatmentCalls / 2, 1000, 10);
        }
        watermark(W0.plusMillis((index + 1) * MINUTE - 1));
    }

    private void specArrives(String json) throws Exception {
        harness.processBroadcastElement(specChange("support", json), 0);
    }

    /**
     * {@code calls} calls of an arm in minute {@code index}: {@code errors} of them failed, of the
     * others 90% answered in 1000 ms and the rest in {@code slowMs} (so the 95th percentile is
     * {@code slowMs}), each with {@code tokens} completion tokens.
     */
    private void window(int index, String arm, int calls, int errors, long slowMs, int tokens) throws Exception {
        long start = W0.toEpochMilli() + index * MINUTE;
        int ok = calls - errors;
        for (int i = 0; i < calls; i++) {
            long at = start + (i * (MINUTE - 1)) / calls;
            boolean failed = i >= ok;
            long latency = failed ? 30_000 : i < ok * 9 / 10 ? 1000 : slowMs;
            harness.processElement(new GuardrailSample("support", arm, at,
                    failed ? CallOutcome.UPSTREAM_ERROR : CallOutcome.OK, latency, null, 100,
                    failed ? null : tokens, null), at);
        }
    }

    private void watermark(Instant at) throws Exception {
        harness.processWatermark(at.toEpochMilli());
    }

    private List<Alert> alerts() {
        return output(harness, Alert.class);
    }

    private List<Control> controls() {
        return sideOutput(harness, GuardrailFunction.CONTROLS);
    }
}

package io.sluice.flink.guardrails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sluice.core.event.CallOutcome;
import io.sluice.core.experiment.GuardrailMetric;
import io.sluice.core.experiment.ModelPrice;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.junit.jupiter.api.Test;

/** Every guardrail metric of a window, against an independent computation of the same definition. */
class ArmWindowTest {

    @Test
    void everyMetricIsWhatItsDefinitionSays() {
        var random = new Well19937c(11);
        List<GuardrailSample> samples = new ArrayList<>();
        List<Double> okLatencies = new ArrayList<>();
        List<Double> ttfts = new ArrayList<>();
        int calls = 0;
        int errors = 0;
        int timeouts = 0;
        double tokens = 0;
        double cost = 0;
        int withTokens = 0;
        ModelPrice price = new ModelPrice(0.5, 2.0);
        for (int i = 0; i < 997; i++) {
            double u = random.nextDouble();
            CallOutcome outcome = u < 0.03 ? CallOutcome.UPSTREAM_ERROR : u < 0.05 ? CallOutcome.UPSTREAM_TIMEOUT
                    : u < 0.06 ? CallOutcome.UPSTREAM_REJECTED : CallOutcome.OK;
            long latency = 50 + random.nextInt(5000);
            Long ttft = random.nextBoolean() ? (long) random.nextInt(400) : null;
            Integer completion = random.nextInt(10) == 0 ? null : random.nextInt(800);
            samples.add(new GuardrailSample("e", "a", i, outcome, latency, ttft, 120, completion, null));
            calls++;
            errors += outcome == CallOutcome.UPSTREAM_ERROR || outcome == CallOutcome.UPSTREAM_TIMEOUT ? 1 : 0;
            timeouts += outcome == CallOutcome.UPSTREAM_TIMEOUT ? 1 : 0;
            if (outcome == CallOutcome.OK) {
                okLatencies.add((double) latency);
                if (ttft != null) {
                    ttfts.add((double) ttft);
                }
                if (completion != null) {
                    withTokens++;
                    tokens += completion;
                    cost += (120 * 0.5 + completion * 2.0) / 1e6;
                }
            }
        }
        samples.add(new GuardrailSample("e", "a", 0, null, 0, null, null, null, 4.0));
        samples.add(new GuardrailSample("e", "a", 0, null, 0, null, null, null, 2.5));

        ArmWindow window = ArmWindow.of(samples, price);

        // Nearest rank is commons-math3's R_1 estimate (the inverse of the empirical distribution).
        Percentile nearestRank = new Percentile().withEstimationType(Percentile.EstimationType.R_1);
        double[] latencies = okLatencies.stream().mapToDouble(Double::doubleValue).toArray();
        assertThat(window.value(GuardrailMetric.LATENCY_P95_MS)).isEqualTo(nearestRank.evaluate(latencies, 95));
        assertThat(window.value(GuardrailMetric.LATENCY_P99_MS)).isEqualTo(nearestRank.evaluate(latencies, 99));
        assertThat(window.observations(GuardrailMetric.LATENCY_P95_MS)).isEqualTo(latencies.length);
        assertThat(window.value(GuardrailMetric.TTFT_P95_MS))
                .isEqualTo(nearestRank.evaluate(ttfts.stream().mapToDouble(Double::doubleValue).toArray(), 95));
        assertThat(window.value(GuardrailMetric.ERROR_RATE)).isEqualTo((double) errors / calls);
        assertThat(window.value(GuardrailMetric.TIMEOUT_RATE)).isEqualTo((double) timeouts / calls);
        assertThat(window.observations(GuardrailMetric.ERROR_RATE)).isEqualTo(calls);
        assertThat(window.value(GuardrailMetric.COMPLETION_TOKENS_MEAN)).isCloseTo(tokens / withTokens, within(1e-9));
        assertThat(window.value(GuardrailMetric.COST_PER_REQUEST_USD)).isCloseTo(cost / withTokens, within(1e-15));
        assertThat(window.value(GuardrailMetric.JUDGE_SCORE_MEAN)).isEqualTo(3.25);
        assertThat(window.observations(GuardrailMetric.JUDGE_SCORE_MEAN)).isEqualTo(2);

        ArmWindow unpriced = ArmWindow.of(samples, null);
        assertThat(unpriced.observations(GuardrailMetric.COST_PER_REQUEST_USD)).isZero();
        assertThat(unpriced.value(GuardrailMetric.COST_PER_REQUEST_USD)).isNaN();
    }
}

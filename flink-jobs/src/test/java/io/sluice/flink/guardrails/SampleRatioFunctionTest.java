package io.sluice.flink.guardrails;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.event.Alert;
import io.sluice.core.event.AlertKind;
import io.sluice.core.event.CallOutcome;
import io.sluice.core.event.Exposure;
import io.sluice.core.event.PolicyType;
import io.sluice.core.event.SchemaVersion;
import io.sluice.core.event.UnitType;
import io.sluice.flink.LoopFixtures;
import io.sluice.flink.experiments.JobSpec;
import io.sluice.flink.experiments.SpecChange;
import io.sluice.flink.experiments.SpecRevisions;
import java.time.Instant;
import java.util.List;
import org.apache.commons.math3.random.Well19937c;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SampleRatioFunctionTest extends LoopFixtures {
    private static final String SPEC = """
            {"schema_version": 1, "name": "split", "unit": "user",
             "arms": [{"name": "a", "model": "m", "weight": 1}, {"name": "b", "model": "m", "weight": 1},
                      {"name": "c", "model": "m", "weight": 2}],
             "reward": {"signals": {"thumbs_up": 1}}}""";

    private KeyedBroadcastOperatorTestHarness<String, Exposure, SpecChange, Alert> harness;
    private JobSpec spec;
    private int units;

    @BeforeEach
    void openHarness() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(new SampleRatioFunction(),
                Exposure::experiment, Types.STRING, SpecRevisions.STATE);
        SpecChange change = specChange("split", SPEC);
        spec = change.spec();
        harness.processBroadcastElement(change, 0);
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void aSplitThatFollowsItsWeightsRaisesNothingAndOneThatLosesUnitsOfAnArmIsCaught() throws Exception {
        var random = new Well19937c(7);
        for (int i = 0; i < 20_000; i++) {
            double u = random.nextDouble();
            unit(u < 0.25 ? "a" : u < 0.5 ? "b" : "c", "");
        }
        assertThat(alerts()).as("20,000 units in the weights' proportions").isEmpty();

        // Now a fifth of arm b's units never reach the exposure log.
        int sent = 0;
        while (alerts().isEmpty() && sent < 200_000) {
            double u = random.nextDouble();
            String arm = u < 0.25 ? "a" : u < 0.5 ? "b" : "c";
            if (!arm.equals("b") || random.nextDouble() >= 0.2) {
                unit(arm, "");
            }
            sent++;
        }
        assertThat(alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.kind()).isEqualTo(AlertKind.SAMPLE_RATIO_MISMATCH);
            assertThat(alert.subject()).isEqualTo("b");
            assertThat(alert.evidence().statistic()).isEqualTo("log_bayes_factor");
            assertThat(alert.evidence().value()).isGreaterThanOrEqualTo(Math.log(1 / SampleRatioFunction.ALPHA));
            assertThat(alert.message()).contains("b ", "(expected ");
        });
        for (int i = 0; i < 1000; i++) {
            unit("a", "");
        }
        assertThat(alerts()).as("once per spec revision").hasSize(1);
    }

    @Test
    void aPausedArmsWeightGoesToTheServingArmsInTheExpectation() {
        double[] p = SampleRatioFunction.expected(spec.guardrails(), "/paused:b");
        assertThat(p).containsExactly(1 / 3.0, 0.0, 2 / 3.0);
        assertThat(SampleRatioFunction.expected(spec.guardrails(), "")).containsExactly(0.25, 0.25, 0.5);
    }

    private void unit(String arm, String suffix) throws Exception {
        units++;
        Instant at = T0.plusMillis(units);
        harness.processElement(new Exposure(SchemaVersion.CURRENT, "req-" + units, "split", arm, UnitType.USER,
                "user-" + units, 0.25, PolicyType.FIXED, "fixed@" + spec.revision() + suffix, true, "m", false, at,
                CallOutcome.OK, 200, 100, 10, 20), at.toEpochMilli());
    }

    private List<Alert> alerts() {
        return output(harness, Alert.class);
    }
}

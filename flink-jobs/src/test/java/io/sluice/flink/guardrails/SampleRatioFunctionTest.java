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
import java.time.Instant;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SampleRatioFunctionTest extends LoopFixtures {
    private static final String[] ARMS = {"a", "b", "c"};

    private KeyedOneInputStreamOperatorTestHarness<String, Exposure, Alert> harness;
    private final RandomGenerator random = new Well19937c(7);
    private int units;

    @BeforeEach
    void openHarness() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new SampleRatioFunction(), Exposure::experiment,
                Types.STRING);
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void aFixedSplitThatFollowsItsWeightsRaisesNothingAndOneThatLosesUnitsOfAnArmIsCaught() throws Exception {
        double[] split = {0.25, 0.25, 0.5};
        for (int i = 0; i < 20_000; i++) {
            unit("fixed@r1", split, -1, 0);
        }
        assertThat(alerts()).as("20,000 units in the weights' proportions").isEmpty();

        // Now a fifth of arm b's units never reach the exposure log.
        for (int i = 0; i < 200_000 && alerts().isEmpty(); i++) {
            unit("fixed@r1", split, 1, 0.2);
        }
        assertThat(alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.kind()).isEqualTo(AlertKind.SAMPLE_RATIO_MISMATCH);
            assertThat(alert.subject()).isEqualTo("b");
            assertThat(alert.evidence().statistic()).isEqualTo("log_bayes_factor");
            assertThat(alert.evidence().value()).isGreaterThanOrEqualTo(Math.log(1 / SampleRatioFunction.ALPHA));
            assertThat(alert.message()).contains("b ", "(expected ");
        });
        for (int i = 0; i < 1000; i++) {
            unit("fixed@r1", split, -1, 0);
        }
        assertThat(alerts()).as("raised once").hasSize(1);
    }

    /**
     * Thompson sampling: the probabilities change with every posterior version (here every 50
     * units), and each exposure logs only its own arm's. Units drawn with the probabilities raise
     * nothing; a loss of a fifth of one arm's units is caught.
     */
    @Test
    void thompsonSamplingsChangingProbabilitiesAreTestedFromTheLoggedOnes() throws Exception {
        int version = 0;
        double[] p = null;
        for (int i = 0; i < 30_000; i++) {
            if (i % 50 == 0) {
                version++;
                p = simplex();
            }
            unit("thompson@r1/v" + version, p, -1, 0);
        }
        assertThat(alerts()).isEmpty();
        for (int i = 0; i < 400_000 && alerts().isEmpty(); i++) {
            if (i % 50 == 0) {
                version++;
                p = simplex();
            }
            unit("thompson@r1/v" + version, p, 2, 0.2);
        }
        assertThat(alerts()).singleElement().satisfies(alert -> assertThat(alert.subject()).isEqualTo("c"));
    }

    private double[] simplex() {
        double[] p = {0.1 + random.nextDouble(), 0.1 + random.nextDouble(), 0.1 + random.nextDouble()};
        double sum = p[0] + p[1] + p[2];
        return new double[] {p[0] / sum, p[1] / sum, p[2] / sum};
    }

    /** One unit drawn from {@code p}; if it falls on arm {@code lossy}, it is lost with probability {@code loss}. */
    private void unit(String version, double[] p, int lossy, double loss) throws Exception {
        double u = random.nextDouble();
        int k = u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2;
        if (k == lossy && random.nextDouble() < loss) {
            return;
        }
        units++;
        Instant at = T0.plusMillis(units);
        harness.processElement(new Exposure(SchemaVersion.CURRENT, "req-" + units, "split", ARMS[k], UnitType.USER,
                "user-" + units, p[k], PolicyType.FIXED, version, true, "m", false, at, CallOutcome.OK, 200, 100, 10,
                20), at.toEpochMilli());
    }

    private List<Alert> alerts() {
        return output(harness, Alert.class);
    }
}

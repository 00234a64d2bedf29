package io.sluice.core.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.config.SluiceConfigReader;
import io.sluice.core.control.ExperimentControls;
import io.sluice.core.experiment.ExperimentSpec;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;

class FixedSplitTest {
    /** The tests below run a fixed, seedless population: a false alarm at this level is 1 in 1000. */
    private static final double ALPHA = 0.001;
    private static final int UNITS = 60_000;

    private static ExperimentSpec spec(String name, String salt, double traffic, double... weights) {
        StringBuilder arms = new StringBuilder();
        for (int i = 0; i < weights.length; i++) {
            arms.append("      - {name: arm").append(i).append(", model: m, weight: ").append(weights[i]).append("}\n");
        }
        return SluiceConfigReader.parse("""
                experiments:
                  - name: %s
                    salt: %s
                    traffic: %s
                    arms:
                %s    reward: {signals: {thumbs_up: 1}}
                """.formatted(name, salt, traffic, arms), "test").experiments().get(0);
    }

    @Test
    void sharesMatchTheWeights() {
        ExperimentSpec spec = spec("e", "s1", 1.0, 0.5, 0.3, 0.2);
        FixedSplit split = new FixedSplit(spec);
        long[] observed = new long[3];
        for (int u = 0; u < UNITS; u++) {
            observed[Integer.parseInt(split.assign("user-" + u).arm().substring(3))]++;
        }
        double[] expected = {0.5 * UNITS, 0.3 * UNITS, 0.2 * UNITS};

        double pValue = new ChiSquareTest().chiSquareTest(expected, observed);

        assertThat(pValue).as("chi-square goodness of fit, observed %s", java.util.Arrays.toString(observed))
                .isGreaterThan(ALPHA);
    }

    @Test
    void theChiSquareCheckWouldCatchASkewedSplit() {
        // Guards the test above: the same check rejects shares that are off by two points.
        long[] skewed = {(long) (0.52 * UNITS), (long) (0.28 * UNITS), (long) (0.20 * UNITS)};
        double[] expected = {0.5 * UNITS, 0.3 * UNITS, 0.2 * UNITS};

        assertThat(new ChiSquareTest().chiSquareTest(expected, skewed)).isLessThan(ALPHA);
    }

    @Test
    void thePropensityIsTheArmsNormalizedWeight() {
        FixedSplit split = new FixedSplit(spec("e", "s1", 1.0, 2, 1, 1));

        assertThat(split.propensities()).containsExactly(0.5, 0.25, 0.25);
        for (int u = 0; u < 100; u++) {
            Decision d = split.assign("u" + u);
            assertThat(d.propensity()).isEqualTo(d.arm().equals("arm0") ? 0.5 : 0.25);
            assertThat(d.inExperiment()).isTrue();
            assertThat(d.policyVersion()).startsWith("fixed@");
        }
    }

    @Test
    void assignmentIsStickyAcrossInstances() {
        ExperimentSpec spec = spec("e", "s1", 1.0, 1, 1);
        FixedSplit first = new FixedSplit(spec);
        FixedSplit restarted = new FixedSplit(spec("e", "s1", 1.0, 1, 1));

        for (int u = 0; u < 1000; u++) {
            String unit = "conv-" + u;
            assertThat(restarted.assign(unit)).isEqualTo(first.assign(unit));
            assertThat(first.assign(unit)).isEqualTo(first.assign(unit));
        }
    }

    @Test
    void saltsMakeExperimentsIndependent() {
        FixedSplit a = new FixedSplit(spec("a", "salt-a", 1.0, 1, 1));
        FixedSplit b = new FixedSplit(spec("b", "salt-b", 1.0, 1, 1));
        long[][] table = new long[2][2];
        for (int u = 0; u < UNITS; u++) {
            String unit = "user-" + u;
            table[a.assign(unit).arm().equals("arm0") ? 0 : 1][b.assign(unit).arm().equals("arm0") ? 0 : 1]++;
        }

        double pValue = new ChiSquareTest().chiSquareTest(table);

        assertThat(pValue).as("chi-square test of independence, table %s", java.util.Arrays.deepToString(table))
                .isGreaterThan(ALPHA);
    }

    @Test
    void theSameSaltSplitsTwoExperimentsIdentically() {
        // Why salts matter: without distinct salts, two experiments put the same users together.
        FixedSplit a = new FixedSplit(spec("a", "shared", 1.0, 1, 1));
        FixedSplit b = new FixedSplit(spec("b", "shared", 1.0, 1, 1));
        for (int u = 0; u < 1000; u++) {
            assertThat(a.assign("u" + u).arm()).isEqualTo(b.assign("u" + u).arm());
        }
    }

    @Test
    void unitsOutsideTheTrafficFractionGetTheControlArmAndAreMarked() {
        FixedSplit split = new FixedSplit(spec("e", "s", 0.2, 1, 1));
        Map<String, Integer> outside = new HashMap<>();
        int in = 0;
        for (int u = 0; u < UNITS; u++) {
            Decision d = split.assign("u" + u);
            if (d.inExperiment()) {
                in++;
            } else {
                outside.merge(d.arm(), 1, Integer::sum);
                assertThat(d.propensity()).isEqualTo(1.0);
            }
        }

        assertThat(outside.keySet()).containsExactly("arm0");
        double pValue = new ChiSquareTest().chiSquareTest(
                new double[] {0.2 * UNITS, 0.8 * UNITS}, new long[] {in, UNITS - in});
        assertThat(pValue).isGreaterThan(ALPHA);
    }

    @Test
    void raisingTheTrafficFractionKeepsEveryUnitThatWasIn() {
        FixedSplit small = new FixedSplit(spec("e", "s", 0.1, 1, 1));
        FixedSplit large = new FixedSplit(spec("e", "s", 0.5, 1, 1));
        for (int u = 0; u < 10_000; u++) {
            Decision before = small.assign("u" + u);
            if (before.inExperiment()) {
                Decision after = large.assign("u" + u);
                assertThat(after.inExperiment()).isTrue();
                assertThat(after.arm()).isEqualTo(before.arm());
            }
        }
    }

    @Test
    void theTraceSampleIsDeterministicAndTheJudgeSampleNestedInIt() {
        ExperimentSpec spec = SluiceConfigReader.parse("""
                experiments:
                  - name: e
                    arms: [{name: a, model: m}, {name: b, model: m}]
                    reward: {signals: {thumbs_up: 1}}
                    trace_sample_rate: 0.3
                    judge:
                      enabled: true
                      model: j
                      sample_rate: 0.1
                      rubric: {id: r, version: 1, axes: [{name: overall, levels: {1: bad, 5: good}}]}
                """, "t").experiments().get(0);
        int traced = 0;
        int judged = 0;
        for (int i = 0; i < UNITS; i++) {
            String id = "req-" + i;
            boolean t = RequestSampling.traced(spec, id);
            boolean j = RequestSampling.judged(spec, id);
            assertThat(RequestSampling.traced(spec, id)).isEqualTo(t);
            if (j) {
                assertThat(t).as("judged requests are traced").isTrue();
                judged++;
            }
            if (t) {
                traced++;
            }
        }
        assertThat(new ChiSquareTest().chiSquareTest(new double[] {0.3 * UNITS, 0.7 * UNITS},
                new long[] {traced, UNITS - traced})).isGreaterThan(ALPHA);
        assertThat(new ChiSquareTest().chiSquareTest(new double[] {0.1 * UNITS, 0.9 * UNITS},
                new long[] {judged, UNITS - judged})).isGreaterThan(ALPHA);
    }

    @Test
    void aPausedArmsUnitsMoveToTheServingArmsByWeightAndNoOtherUnitMoves() {
        ExperimentSpec spec = spec("e", "s1", 1.0, 0.5, 0.3, 0.2);
        FixedSplit before = new FixedSplit(spec);
        FixedSplit paused = new FixedSplit(spec, new ExperimentControls(java.util.Set.of("arm1"), false));
        long[] observed = new long[3];
        int moved = 0;
        for (int u = 0; u < UNITS; u++) {
            Decision was = before.assign("user-" + u);
            Decision now = paused.assign("user-" + u);
            observed[Integer.parseInt(now.arm().substring(3))]++;
            if (!was.arm().equals("arm1")) {
                assertThat(now.arm()).as("a unit not on the paused arm stays").isEqualTo(was.arm());
            } else {
                moved++;
            }
            assertThat(now.policyVersion()).isEqualTo("fixed@" + spec.revision() + "/paused:arm1");
        }
        assertThat(observed[1]).as("no unit reaches the paused arm").isZero();
        assertThat(moved).isPositive();
        // The weights renormalised over the serving arms: 0.5/0.7 and 0.2/0.7.
        assertThat(paused.propensities()).containsExactly(0.5 / 0.7, 0.0, 0.2 / 0.7);
        assertThat(paused.assign("user-1").propensity()).isIn(0.5 / 0.7, 0.2 / 0.7);
        double pValue = new ChiSquareTest().chiSquareTest(new double[] {0.5 / 0.7 * UNITS, 0.2 / 0.7 * UNITS},
                new long[] {observed[0], observed[2]});
        assertThat(pValue).as("shares of the serving arms %s", java.util.Arrays.toString(observed)).isGreaterThan(ALPHA);
    }
}

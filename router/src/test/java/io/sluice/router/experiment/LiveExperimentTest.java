package io.sluice.router.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.assignment.Decision;
import io.sluice.core.config.SluiceConfigReader;
import io.sluice.core.event.Control;
import io.sluice.core.event.ControlAction;
import io.sluice.core.event.UnitType;
import io.sluice.core.experiment.ExperimentSpec;
import io.sluice.router.unit.RandomizationUnit;
import java.time.Instant;
import java.util.Map;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

class LiveExperimentTest {
    private static final ExperimentSpec CANARY = SluiceConfigReader.parse("""
            experiments:
              - name: canary
                arms: [{name: old, model: m}, {name: new, model: m}]
                reward: {signals: {thumbs_up: 1}}
                rollout: {steps: [0.05, 0.5, 1.0]}
                guardrails: [{metric: error_rate, max: 0.05}]
            """, "test").experiments().get(0);

    /**
     * A rollout's step sets the traffic fraction; raising it adds units and moves none that was
     * in; the policy version names the step.
     */
    @Test
    void aRolloutStepSetsTheTrafficFractionAndOnlyAddsUnits() {
        LiveExperiment live = new LiveExperiment(CANARY, Map.of());
        int units = 20_000;
        boolean[] inAtFirst = new boolean[units];
        int in = 0;
        for (int u = 0; u < units; u++) {
            inAtFirst[u] = decide(live, u).inExperiment();
            in += inAtFirst[u] ? 1 : 0;
        }
        assertThat(in / (double) units).isCloseTo(0.05, org.assertj.core.api.Assertions.within(0.01));

        live.control(live.controls().apply(new Control(1, "canary", null, ControlAction.ADVANCE, "ramp", "guardrails",
                Instant.EPOCH, 1)), Map.of());
        assertThat(live.traffic()).isEqualTo(0.5);
        int nowIn = 0;
        for (int u = 0; u < units; u++) {
            Decision decision = decide(live, u);
            if (inAtFirst[u]) {
                assertThat(decision.inExperiment()).as("a unit that was in stays in").isTrue();
            }
            nowIn += decision.inExperiment() ? 1 : 0;
            assertThat(decision.policyVersion()).endsWith("/rollout:1");
        }
        assertThat(nowIn / (double) units).isCloseTo(0.5, org.assertj.core.api.Assertions.within(0.02));
    }

    private static Decision decide(LiveExperiment live, int unit) {
        return live.decide(new RandomizationUnit(UnitType.USER, "user-" + unit, "test"), null, new Well19937c(1));
    }
}

package io.sluice.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sluice.core.config.SluiceConfigReader;
import io.sluice.core.event.CallOutcome;
import io.sluice.core.event.Exposure;
import io.sluice.core.event.PolicyType;
import io.sluice.core.event.Reward;
import io.sluice.core.event.Signal;
import io.sluice.core.event.UnitType;
import io.sluice.core.experiment.ExperimentSpec;
import io.sluice.core.stats.ProportionStats;
import io.sluice.core.stats.TwoProportionResult;
import io.sluice.core.stats.TwoProportionZTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentReadoutTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final ExperimentSpec SPEC = SluiceConfigReader.parse("""
            experiments:
              - name: duel
                arms: [{name: control, model: m}, {name: treatment, model: m}]
                reward: {signals: {thumbs_up: 1, thumbs_down: 0}, attribution_window: 10m}
            """, "t").experiments().get(0);

    private final List<Exposure> exposures = new ArrayList<>();
    private final List<Reward> rewards = new ArrayList<>();

    private String expose(String arm, boolean inExperiment) {
        String id = "req-" + exposures.size();
        exposures.add(new Exposure(1, id, "duel", arm, UnitType.USER, "u" + exposures.size(), 0.5, PolicyType.FIXED,
                "fixed@x", inExperiment, "m", false, T0, CallOutcome.OK, 200, 10, null, null));
        return id;
    }

    private void signal(String requestId, Signal signal, long secondsAfterDecision) {
        Instant at = T0.plusSeconds(secondsAfterDecision);
        rewards.add(new Reward(1, requestId, signal, null, at, at));
    }

    @Test
    void rewardsAreSettledPerExposureAndComparedAsProportions() {
        for (int i = 0; i < 100; i++) {
            String id = expose("control", true);
            if (i < 40) {
                signal(id, Signal.THUMBS_UP, 5);
            }
        }
        for (int i = 0; i < 120; i++) {
            String id = expose("treatment", true);
            if (i < 66) {
                signal(id, Signal.THUMBS_UP, 5);
                signal(id, Signal.THUMBS_DOWN, 9);
            }
        }

        ExperimentReadout readout = ExperimentReadout.of(SPEC, exposures, rewards, 0.95);

        assertThat(readout.binary()).isTrue();
        ArmReadout control = readout.arms().get(0);
        ArmReadout treatment = readout.arms().get(1);
        assertThat(control.exposures()).isEqualTo(100);
        assertThat(control.observed()).isEqualTo(40);
        assertThat(control.rewardRate()).isCloseTo(0.40, within(1e-12));
        assertThat(control.control()).isTrue();
        assertThat(treatment.rewardRate()).as("max of up and down is up").isCloseTo(0.55, within(1e-12));
        TwoProportionResult expected = new TwoProportionZTest(new ProportionStats(40, 100),
                new ProportionStats(66, 120)).result(0.95);
        assertThat(treatment.pValue()).isEqualTo(expected.pValue());
        assertThat(treatment.difference()).isCloseTo(0.15, within(1e-12));
    }

    @Test
    void signalsOutsideTheAttributionWindowAndUnitsOutsideTheTrafficDoNotCount() {
        String late = expose("control", true);
        signal(late, Signal.THUMBS_UP, 601);
        String early = expose("control", true);
        signal(early, Signal.THUMBS_UP, -1);
        String onTime = expose("control", true);
        signal(onTime, Signal.THUMBS_UP, 600);
        String heldOut = expose("control", false);
        signal(heldOut, Signal.THUMBS_UP, 1);
        expose("treatment", true);

        ArmReadout control = ExperimentReadout.of(SPEC, exposures, rewards, 0.95).arms().get(0);

        assertThat(control.exposures()).isEqualTo(3);
        assertThat(control.observed()).isEqualTo(1);
        assertThat(control.rewardRate()).isCloseTo(1.0 / 3, within(1e-12));
    }
}

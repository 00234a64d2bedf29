package io.sluice.core.reward;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.event.Reward;
import io.sluice.core.event.Signal;
import io.sluice.core.experiment.CombineRule;
import io.sluice.core.experiment.RewardDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RewardSettlementTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Map<Signal, Double> SIGNALS =
            Map.of(Signal.THUMBS_UP, 1.0, Signal.THUMBS_DOWN, 0.0, Signal.COPY, 0.6, Signal.SCORE, 1.0);

    private static RewardSettlement settlement(CombineRule rule) {
        return new RewardSettlement(new RewardDefinition(SIGNALS, rule, Duration.ofMinutes(10), 0.25, false));
    }

    private static Reward signal(Signal s, int secondsAfter) {
        return new Reward(1, "r", s, null, T0.plusSeconds(secondsAfter), T0.plusSeconds(secondsAfter));
    }

    @Test
    void noSignalSettlesToTheDefaultAndSaysSo() {
        SettledReward settled = settlement(CombineRule.MAX).settle(List.of());

        assertThat(settled).isEqualTo(new SettledReward(0.25, false, 0, 0));
    }

    @Test
    void eachCombineRuleSettlesTheSameSignalsItsOwnWay() {
        // Reported out of order on purpose: first and last go by when the user acted.
        List<Reward> signals = List.of(signal(Signal.COPY, 30), signal(Signal.THUMBS_DOWN, 50),
                signal(Signal.THUMBS_UP, 10));

        assertThat(settlement(CombineRule.MAX).settle(signals).value()).isEqualTo(1.0);
        assertThat(settlement(CombineRule.MIN).settle(signals).value()).isEqualTo(0.0);
        assertThat(settlement(CombineRule.MEAN).settle(signals).value()).isCloseTo(1.6 / 3, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(settlement(CombineRule.FIRST).settle(signals).value()).isEqualTo(1.0);
        assertThat(settlement(CombineRule.LAST).settle(signals).value()).isEqualTo(0.0);
        assertThat(settlement(CombineRule.MAX).settle(signals).signals()).isEqualTo(3);
    }

    @Test
    void signalsTheDefinitionDoesNotListAreIgnoredAndCounted() {
        SettledReward settled = settlement(CombineRule.MAX).settle(List.of(signal(Signal.RETRY, 1)));

        assertThat(settled).isEqualTo(new SettledReward(0.25, false, 0, 1));
    }

    @Test
    void scoresAreScaledByTheirFactorAndOutOfRangeScoresDoNotCount() {
        Reward inRange = new Reward(1, "r", Signal.SCORE, 0.8, T0, T0);
        Reward outOfRange = new Reward(1, "r", Signal.SCORE, 4.0, T0, T0);

        assertThat(settlement(CombineRule.MAX).settle(List.of(inRange)).value()).isEqualTo(0.8);
        assertThat(settlement(CombineRule.MAX).settle(List.of(outOfRange))).isEqualTo(new SettledReward(0.25, false, 0, 1));
    }

    @Test
    void unboundedRewardsKeepAnyValue() {
        RewardSettlement unbounded = new RewardSettlement(new RewardDefinition(Map.of(Signal.SCORE, 2.0),
                CombineRule.MEAN, Duration.ofMinutes(1), 0, true));

        assertThat(unbounded.settle(List.of(new Reward(1, "r", Signal.SCORE, 21.0, T0, T0))).value()).isEqualTo(42.0);
    }
}

package io.sluice.core.experiment;

import io.sluice.core.event.Signal;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What counts as success for an experiment.
 *
 * @param signals the reward value of each signal that counts; for {@code score} and {@code judge},
 *     a factor applied to the reported value. Signals not listed are ignored.
 * @param attributionWindow how long after a decision its signals count
 * @param defaultReward the reward of a decision that got no counted signal in its window
 * @param unbounded false (the default) keeps every value in [0,1] and the posteriors Beta;
 *     true allows any value, with Normal posteriors
 */
public record RewardDefinition(
        Map<Signal, Double> signals,
        CombineRule combine,
        Duration attributionWindow,
        double defaultReward,
        boolean unbounded) {

    public RewardDefinition {
        signals = Collections.unmodifiableMap(new EnumMap<>(signals));
    }
}

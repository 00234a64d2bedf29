package io.sluice.core.experiment;

import java.time.Duration;

/**
 * A limit on an aggregate metric of each arm. One breached window raises an alert; only
 * {@code consecutiveWindows} breached windows in a row take the action, because a single window of
 * a noisy aggregate is weak evidence.
 *
 * @param max the metric must stay at or below this; exactly one of max and min is set
 * @param min the metric must stay at or above this
 */
public record GuardrailSpec(
        GuardrailMetric metric, Double max, Double min, Duration window, int consecutiveWindows, GuardrailAction action) {}

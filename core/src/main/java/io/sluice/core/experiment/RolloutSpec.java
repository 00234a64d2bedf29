package io.sluice.core.experiment;

import java.time.Duration;
import java.util.List;

/**
 * A guarded rollout: the experiment's traffic fraction goes up step by step, each step after at
 * least {@code minStepDuration} and {@code cleanWindows} clean guardrail windows in a row, and
 * only while no arm is paused and the experiment is not rolled back (the guardrails job advances
 * it; the routers read the step from the {@code controls} topic).
 *
 * @param steps the traffic fractions, rising, each in (0, 1]; the first is where it starts
 */
public record RolloutSpec(List<Double> steps, Duration minStepDuration, int cleanWindows) {
    public static final Duration DEFAULT_MIN_STEP_DURATION = Duration.ofMinutes(10);
    public static final int DEFAULT_CLEAN_WINDOWS = 3;

    public RolloutSpec {
        steps = List.copyOf(steps);
    }

    /** The traffic fraction of a step; a step past the last is the last. */
    public double traffic(int step) {
        return steps.get(Math.max(0, Math.min(step, steps.size() - 1)));
    }
}

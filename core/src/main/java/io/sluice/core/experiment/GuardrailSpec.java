package io.sluice.core.experiment;

import java.time.Duration;

/**
 * A limit on an aggregate metric of each arm, per event-time window. One breached window raises an
 * alert; only {@code consecutiveWindows} breached windows in a row take the action, because a
 * single window of a noisy aggregate is weak evidence. A window with fewer than
 * {@code minSamples} observations of the arm (or, for a limit relative to the control, of the
 * control arm) is too thin to count either way: it neither breaches nor clears.
 *
 * <p>Exactly one of the four limits is set: {@code max} or {@code min} on the metric itself, or
 * {@code maxRatioToControl} or {@code minRatioToControl} on its ratio to the control arm's value in
 * the same window (the control arm itself is then not judged).
 *
 * <p>{@code autoResume}, for a pause: the guardrails job lifts a pause it made itself once as many
 * windows as {@code consecutiveWindows} have passed without a breach of the arm (a paused arm gets
 * no traffic, so its windows are empty), doubling the wait after every pause it lifts: a circuit
 * breaker that tries the arm again, less and less often while it keeps failing.
 */
public record GuardrailSpec(
        GuardrailMetric metric,
        Double max,
        Double min,
        Double maxRatioToControl,
        Double minRatioToControl,
        Duration window,
        int consecutiveWindows,
        int minSamples,
        GuardrailAction action,
        boolean autoResume) {

    public static final int DEFAULT_MIN_SAMPLES = 30;
    public static final int DEFAULT_CONSECUTIVE_WINDOWS = 2;

    /** Whether the limit is on the ratio to the control arm. */
    public boolean relativeToControl() {
        return maxRatioToControl != null || minRatioToControl != null;
    }

    /** The limit's value, whichever it is. */
    public double threshold() {
        return max != null ? max : min != null ? min : maxRatioToControl != null ? maxRatioToControl : minRatioToControl;
    }

    /** Whether a value (the metric, or its ratio to the control's) breaches the limit. */
    public boolean breachedBy(double value) {
        if (max != null || maxRatioToControl != null) {
            return value > threshold();
        }
        return value < threshold();
    }

    /** How the limit reads, e.g. {@code latency_p95_ms > 3000} or {@code error_rate / control > 1.2}. */
    public String describe() {
        String over = relativeToControl() ? metric.wireName() + " / control" : metric.wireName();
        String op = max != null || maxRatioToControl != null ? " > " : " < ";
        return over + op + ModelPrice.plain(threshold());
    }
}

package io.sluice.core.reward;

/**
 * The one reward of an exposure.
 *
 * @param observed false when no counted signal arrived and the default applies
 * @param signals how many counted signals went into the value
 * @param ignored signals that were reported but do not count (not in the definition, or out of
 *     range for a bounded reward)
 */
public record SettledReward(double value, boolean observed, int signals, int ignored) {}

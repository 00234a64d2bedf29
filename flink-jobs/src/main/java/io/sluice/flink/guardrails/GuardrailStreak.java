package io.sluice.flink.guardrails;

/**
 * Where one guardrail stands for one arm, from window to window.
 *
 * @param breached breached windows in a row, up to now
 * @param clean clean windows in a row since the last breach, while the breach is open
 * @param open whether a breach was raised and has not yet recovered
 */
public record GuardrailStreak(int breached, int clean, boolean open) {
    public static final GuardrailStreak NONE = new GuardrailStreak(0, 0, false);

    GuardrailStreak breach() {
        return new GuardrailStreak(breached + 1, 0, true);
    }

    /** After the action: the breach stays open, the count of breached windows starts again. */
    GuardrailStreak acted() {
        return new GuardrailStreak(0, 0, true);
    }

    GuardrailStreak cleanWindow() {
        return new GuardrailStreak(0, open ? clean + 1 : 0, open);
    }

    GuardrailStreak recovered() {
        return NONE;
    }
}

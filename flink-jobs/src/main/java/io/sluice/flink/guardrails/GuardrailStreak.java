package io.sluice.flink.guardrails;

/**
 * Where one guardrail stands for one arm, from window to window.
 *
 * @param breached breached windows in a row, up to now
 * @param clean clean windows in a row since the last breach, while the breach is open
 * @param open whether a breach was raised and has not yet recovered
 * @param pausedWindows windows since this guardrail paused the arm, while its pause is in force;
 *     -1 when it is not
 * @param resumes pauses this guardrail lifted by itself ({@code auto_resume}) since the arm last
 *     recovered: each doubles the wait before the next
 */
public record GuardrailStreak(int breached, int clean, boolean open, int pausedWindows, int resumes) {
    public static final GuardrailStreak NONE = new GuardrailStreak(0, 0, false, -1, 0);

    public GuardrailStreak(int breached, int clean, boolean open) {
        this(breached, clean, open, -1, 0);
    }

    boolean paused() {
        return pausedWindows >= 0;
    }

    GuardrailStreak breach() {
        return new GuardrailStreak(breached + 1, 0, true, paused() ? 0 : -1, resumes);
    }

    /** After the action: the breach stays open, the count of breached windows starts again. */
    GuardrailStreak acted(boolean paused) {
        return new GuardrailStreak(0, 0, true, paused ? 0 : pausedWindows, resumes);
    }

    GuardrailStreak cleanWindow() {
        return new GuardrailStreak(0, open ? clean + 1 : 0, open, paused() ? pausedWindows + 1 : -1, resumes);
    }

    /** A window too thin to judge: only the wait of a pause moves on. */
    GuardrailStreak thinWindow() {
        return paused() ? new GuardrailStreak(breached, clean, open, pausedWindows + 1, resumes) : this;
    }

    /** The pause lifted: the arm is tried again, the breach still open. */
    GuardrailStreak resumed() {
        return new GuardrailStreak(0, 0, open, -1, resumes + 1);
    }

    GuardrailStreak recovered() {
        return NONE;
    }
}

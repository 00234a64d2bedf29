package io.sluice.flink.guardrails;

import io.sluice.core.experiment.GuardrailAction;
import io.sluice.core.experiment.GuardrailSpec;
import io.sluice.flink.experiments.JobSpec;
import java.util.Map;

/**
 * The rules of a guardrail, window by window, without Flink: how a window of an arm is judged,
 * and what a judged window does to the arm's streak. {@link GuardrailFunction} applies them; the
 * benchmark of false pauses and detection delay runs the same rules on simulated windows.
 */
public final class GuardrailRules {
    private GuardrailRules() {}

    /** How one window of one arm was judged. */
    public enum Judged { THIN, BREACHED, CLEAN }

    /**
     * @param compared the metric, or its ratio to the control's, as compared with the limit
     * @param observations the arm's observations of the metric in the window
     */
    public record Verdict(Judged judged, double compared, long observations) {}

    /**
     * What a judged window leads to.
     *
     * @param next the arm's streak after the window
     * @param breach a breach to raise
     * @param acts the limit's action to take now (never on the control arm's pause)
     * @param spared the action was a pause of the control arm, which only alerts
     * @param recovered a recovery to raise
     * @param resumes the guardrail's own pause to lift ({@code auto_resume})
     */
    public record Step(GuardrailStreak next, boolean breach, boolean acts, boolean spared, boolean recovered,
            boolean resumes) {}

    /**
     * The verdict of {@code limit} on {@code arm} over the window's arms, or null when the limit does
     * not judge this arm (the control arm, under a limit relative to it).
     */
    public static Verdict judge(JobSpec.Limit limit, String arm, String controlArm, Map<String, ArmWindow> windows) {
        GuardrailSpec guardrail = limit.spec();
        if (guardrail.relativeToControl() && arm.equals(controlArm)) {
            return null;
        }
        ArmWindow own = windows.get(arm);
        long observations = own.observations(limit.metric());
        if (observations < limit.minSamples()) {
            return new Verdict(Judged.THIN, Double.NaN, observations);
        }
        double compared = own.value(limit.metric());
        if (guardrail.relativeToControl()) {
            ArmWindow control = windows.get(controlArm);
            if (control.observations(limit.metric()) < limit.minSamples()) {
                return new Verdict(Judged.THIN, Double.NaN, observations);
            }
            double base = control.value(limit.metric());
            compared = base == 0 ? (compared == 0 ? 1.0 : Double.POSITIVE_INFINITY) : compared / base;
        }
        return new Verdict(guardrail.breachedBy(compared) ? Judged.BREACHED : Judged.CLEAN, compared, observations);
    }

    /**
     * A breached window raises a breach; the {@code consecutive_windows}-th in a row takes the action
     * and starts the count again. After an open breach, as many clean windows in a row recover it. A
     * thin window changes nothing.
     */
    public static Step step(GuardrailStreak streak, Judged judged, JobSpec.Limit limit, boolean controlArm) {
        switch (judged) {
            case BREACHED -> {
                GuardrailStreak next = streak.breach();
                boolean due = next.breached() == limit.consecutiveWindows() && limit.action() != GuardrailAction.ALERT;
                boolean spared = due && limit.action() == GuardrailAction.PAUSE && controlArm;
                boolean acts = due && !spared;
                return new Step(acts ? next.acted(limit.action() == GuardrailAction.PAUSE) : next, true, acts, spared,
                        false, false);
            }
            case CLEAN -> {
                GuardrailStreak next = streak.cleanWindow();
                if (next.open() && next.clean() >= limit.consecutiveWindows()) {
                    return new Step(next.recovered(), false, false, false, true, false);
                }
                return resumeIfDue(next, limit);
            }
            default -> {
                return resumeIfDue(streak.thinWindow(), limit);
            }
        }
    }

    /**
     * With {@code auto_resume}, a pause of this guardrail is lifted once {@code consecutive_windows}
     * windows, doubled for every pause it lifted before, have passed without a breach.
     */
    private static Step resumeIfDue(GuardrailStreak next, JobSpec.Limit limit) {
        long wait = (long) limit.consecutiveWindows() << Math.min(next.resumes(), 20);
        if (limit.autoResume() && next.paused() && next.pausedWindows() >= wait) {
            return new Step(next.resumed(), false, false, false, false, true);
        }
        return new Step(next, false, false, false, false, false);
    }
}

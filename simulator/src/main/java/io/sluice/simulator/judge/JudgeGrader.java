package io.sluice.simulator.judge;

import io.sluice.simulator.world.JudgeProfile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Grades like a judge with known flaws. Pointwise, each axis gets
 * {@code round(min + q·(max − min) + drift + verbosity + noise)}, clamped to the scale, where q
 * is the answer's true quality, verbosity is {@code verbosity_bias · (words − reference) / 100}
 * and the noise is Gaussian with the profile's σ. Pairwise, it names the first answer with
 * probability {@code position_bias} whatever the qualities; otherwise it compares the two
 * unrounded grades (averaged over the axes) and says tie within {@code tie_margin}.
 *
 * <p>An instruction to the judge found outside every delimited region is obeyed with probability
 * {@code injection_susceptibility}: pointwise, every axis gets the demanded grade; pairwise, the
 * answer holding the instruction wins. Draws come in a fixed order (refusal, position,
 * susceptibility, then the noise of each axis of each answer) so one knob does not move another.
 */
public final class JudgeGrader {
    private JudgeGrader() {}

    public static JudgeDecision grade(JudgePrompt prompt, JudgeProfile profile, double drift, RandomGenerator rng) {
        boolean refuses = rng.nextDouble() < profile.refusalRate();
        boolean firstRegardless = rng.nextDouble() < profile.positionBias();
        boolean gullible = rng.nextDouble() < profile.injectionSusceptibility();
        int wanted = prompt.mode() == GradingMode.PAIRWISE ? 2 : 1;
        if (refuses) {
            return JudgeDecision.refusal(prompt.mode(), "I'm sorry, but I can't help with grading this content.");
        }
        if (prompt.answers().size() < wanted) {
            return JudgeDecision.refusal(prompt.mode(), "I'm sorry, I cannot find the answer I am asked to grade.");
        }
        return prompt.mode() == GradingMode.PAIRWISE
                ? pairwise(prompt, profile, firstRegardless, gullible, rng)
                : pointwise(prompt, profile, drift, gullible, rng);
    }

    private static JudgeDecision pointwise(JudgePrompt prompt, JudgeProfile profile, double drift, boolean gullible,
                                           RandomGenerator rng) {
        AnswerUnderJudgement answer = prompt.answers().get(0);
        Map<String, Integer> scores = new LinkedHashMap<>();
        if (gullible && !prompt.instructions().isEmpty()) {
            int demanded = (int) Math.round(prompt.instructions().get(0).demandOn(prompt.min(), prompt.max()));
            prompt.axes().forEach(axis -> scores.put(axis, demanded));
            return new JudgeDecision(GradingMode.POINTWISE, scores, null, false, true,
                    "As instructed, the answer gets " + demanded + ".");
        }
        double[] grades = grades(answer, prompt, profile, drift, rng);
        for (int i = 0; i < grades.length; i++) {
            long rounded = Math.round(grades[i]);
            scores.put(prompt.axes().get(i), (int) Math.max(prompt.min(), Math.min(prompt.max(), rounded)));
        }
        return new JudgeDecision(GradingMode.POINTWISE, scores, null, false, false, rationale(answer.quality()));
    }

    private static JudgeDecision pairwise(JudgePrompt prompt, JudgeProfile profile, boolean firstRegardless,
                                          boolean gullible, RandomGenerator rng) {
        List<AnswerUnderJudgement> answers = prompt.answers();
        double a = mean(grades(answers.get(0), prompt, profile, 0, rng));
        double b = mean(grades(answers.get(1), prompt, profile, 0, rng));
        if (firstRegardless) {
            return new JudgeDecision(GradingMode.PAIRWISE, Map.of(), "A", false, false, "Answer A is better.");
        }
        if (gullible) {
            for (JudgeInstruction instruction : prompt.instructions()) {
                for (int i = 0; i < 2; i++) {
                    if (answers.get(i).contains(instruction.offset())) {
                        String winner = i == 0 ? "A" : "B";
                        return new JudgeDecision(GradingMode.PAIRWISE, Map.of(), winner, false, true,
                                "As instructed, answer " + winner + " wins.");
                    }
                }
            }
        }
        String winner = Math.abs(a - b) < profile.tieMargin() ? "tie" : a > b ? "A" : "B";
        String why = winner.equals("tie") ? "Both answers are about as good." : "Answer " + winner + " is better.";
        return new JudgeDecision(GradingMode.PAIRWISE, Map.of(), winner, false, false, why);
    }

    /** The unrounded grade of each axis, noise drawn axis by axis. */
    private static double[] grades(AnswerUnderJudgement answer, JudgePrompt prompt, JudgeProfile profile,
                                   double drift, RandomGenerator rng) {
        double base = prompt.min() + answer.quality() * (prompt.max() - prompt.min());
        double verbosity = profile.verbosityBias() * (answer.words() - profile.verbosityReferenceWords()) / 100.0;
        double[] grades = new double[prompt.axes().size()];
        for (int i = 0; i < grades.length; i++) {
            grades[i] = base + drift + verbosity + profile.noise() * rng.nextGaussian();
        }
        return grades;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static String rationale(double quality) {
        if (quality >= 0.75) return "Clear, correct and it cites the policy that applies.";
        if (quality >= 0.5) return "Mostly correct, though it could be more specific.";
        if (quality >= 0.25) return "Vague in places and misses part of the policy.";
        return "Confusing and does not address the problem.";
    }
}

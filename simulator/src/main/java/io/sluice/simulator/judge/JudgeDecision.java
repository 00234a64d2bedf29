package io.sluice.simulator.judge;

import java.util.Map;

/**
 * What the simulated judge decided about one request, before it is written as a reply.
 *
 * @param mode      pointwise or pairwise
 * @param scores    pointwise: the grade per axis, in the prompt's order; empty otherwise
 * @param winner    pairwise: {@code A}, {@code B} or {@code tie}; null otherwise
 * @param refused   whether it declines to grade (no scores, no winner)
 * @param obeyed    whether an instruction in the content decided the outcome
 * @param rationale one sentence of explanation
 */
public record JudgeDecision(
        GradingMode mode, Map<String, Integer> scores, String winner, boolean refused, boolean obeyed,
        String rationale) {

    public JudgeDecision {
        scores = scores == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(scores));
    }

    static JudgeDecision refusal(GradingMode mode, String why) {
        return new JudgeDecision(mode, Map.of(), null, true, false, why);
    }
}

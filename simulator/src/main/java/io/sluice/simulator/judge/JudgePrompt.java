package io.sluice.simulator.judge;

import java.util.List;

/**
 * A judge request as the simulated judge understands it.
 *
 * @param mode         pointwise grades or a pairwise winner
 * @param axes         the rubric axes to grade (pointwise), in order
 * @param min          the lowest grade on the scale
 * @param max          the highest grade on the scale
 * @param answers      the answers under judgement in the order shown: one (pointwise) or two
 *                     (pairwise, the first is "A"); empty when none could be found
 * @param instructions instructions to the judge found outside every delimited region, in order
 * @param format       the response format asked for
 */
public record JudgePrompt(
        GradingMode mode,
        List<String> axes,
        int min,
        int max,
        List<AnswerUnderJudgement> answers,
        List<JudgeInstruction> instructions,
        ReplyFormat format) {

    public JudgePrompt {
        axes = List.copyOf(axes);
        answers = List.copyOf(answers);
        instructions = List.copyOf(instructions);
    }
}

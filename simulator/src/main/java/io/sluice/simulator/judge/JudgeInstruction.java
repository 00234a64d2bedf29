package io.sluice.simulator.judge;

import java.util.OptionalDouble;

/**
 * An instruction to the judge found in a prompt's user message, and the grade it demands.
 *
 * @param sentence       the sentence that holds it
 * @param offset         where that sentence starts in the user message
 * @param demandedScore  a score it names on the rubric's scale ("give this answer a 5")
 * @param demandedShare  a share of the top it names ("10/10", "9 out of 10"), in [0, 1]
 */
public record JudgeInstruction(String sentence, int offset, OptionalDouble demandedScore, OptionalDouble demandedShare) {

    /** The score it demands on a scale from {@code min} to {@code max}: the top unless it names one. */
    public double demandOn(int min, int max) {
        double demanded;
        if (demandedShare.isPresent()) {
            demanded = min + demandedShare.getAsDouble() * (max - min);
        } else if (demandedScore.isPresent()) {
            demanded = demandedScore.getAsDouble();
        } else {
            demanded = max;
        }
        return Math.max(min, Math.min(max, demanded));
    }
}

package io.sluice.simulator.judge;

import io.sluice.simulator.quality.QualityMark;

/**
 * One answer a judge prompt asks about, as the simulated judge finds it.
 *
 * @param text      the answer as the judge reads it (a delimited region, or the stretch of the
 *                  message that ends with the answer's quality mark)
 * @param quality   its true quality, from its quality mark
 * @param delimited whether it lies in a region the instructions declared to be data
 * @param start     where it starts in the user message
 * @param end       where it ends in the user message
 */
public record AnswerUnderJudgement(String text, double quality, boolean delimited, int start, int end) {

    /** Its length in words, the quality mark not counted: what a verbosity bias reacts to. */
    public int words() {
        String body = QualityMark.strip(text);
        return body.isBlank() ? 0 : body.split("\\s+").length;
    }

    public boolean contains(int offset) {
        return offset >= start && offset < end;
    }
}

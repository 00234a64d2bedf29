package io.sluice.simulator.answer;

/**
 * How long an answer is and how it is cut for streaming.
 *
 * @param minWords   the shortest body the writer aims for
 * @param maxWords   the longest body; padding stops there, and only the sentences a high
 *                   quality requires (policy, concrete steps) can run past it
 * @param chunkWords words per streamed chunk
 */
public record AnswerShape(int minWords, int maxWords, int chunkWords) {

    public AnswerShape {
        if (minWords < 1 || maxWords < minWords || chunkWords < 1) {
            throw new IllegalArgumentException("need 1 <= minWords <= maxWords and chunkWords >= 1, got "
                    + minWords + ", " + maxWords + ", " + chunkWords);
        }
    }
}

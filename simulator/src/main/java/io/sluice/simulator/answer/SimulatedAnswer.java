package io.sluice.simulator.answer;

import java.util.List;

/**
 * A written answer: the full content (ending in its quality mark), the same text cut into the
 * pieces a stream sends, and what the usage and finish reason report.
 *
 * @param content          the answer text, quality mark included
 * @param chunks           pieces whose concatenation is {@code content}; the mark is the last one
 * @param completionTokens simulated tokens of the body (one per word; the mark is not counted)
 * @param finishReason     {@code stop}, or {@code length} when {@code max_tokens} cut the body short
 * @param quality          the true quality written in the mark
 */
public record SimulatedAnswer(
        String content, List<String> chunks, int completionTokens, String finishReason, double quality) {

    public SimulatedAnswer {
        chunks = List.copyOf(chunks);
    }

    public boolean truncated() {
        return "length".equals(finishReason);
    }
}

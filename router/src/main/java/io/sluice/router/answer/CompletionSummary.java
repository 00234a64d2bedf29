package io.sluice.router.answer;

/**
 * What the router keeps of an answer: its text for the trace, its finish reason, and its token
 * usage for the exposure.
 */
public record CompletionSummary(String content, String finishReason, Integer promptTokens, Integer completionTokens) {
    public static final CompletionSummary EMPTY = new CompletionSummary("", null, null, null);
}

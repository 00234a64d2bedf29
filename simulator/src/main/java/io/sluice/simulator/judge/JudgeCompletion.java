package io.sluice.simulator.judge;

import java.time.Duration;

/**
 * The simulated judge's reply to one request.
 *
 * @param content          the reply text (JSON, fenced JSON, prose or a refusal)
 * @param completionTokens simulated tokens of the reply, one per word
 * @param finishReason     {@code stop}, or {@code length} when {@code max_tokens} cut it short
 * @param latency          delay before it is sent
 * @param failed           whether the call fails with a 500 instead
 * @param decision         what the judge decided, for logs and tests
 * @param quality          the true quality of the (first) answer judged, or NaN when none was found
 */
public record JudgeCompletion(
        String content, int completionTokens, String finishReason, Duration latency, boolean failed,
        JudgeDecision decision, double quality) {}

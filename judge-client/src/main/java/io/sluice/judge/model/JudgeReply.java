package io.sluice.judge.model;

import io.sluice.judge.JudgeTokens;
import java.time.Duration;

/**
 * What the judge endpoint answered to one call.
 *
 * @param text         the reply's text; empty when it had none
 * @param tokens       prompt and completion tokens, as reported
 * @param latency      how long the call took
 * @param truncated    whether the reply stopped at the output-token cap
 */
public record JudgeReply(String text, JudgeTokens tokens, Duration latency, boolean truncated) {}

package io.sluice.judge;

/**
 * Tokens one judgment spent, as the endpoint reported them: what a token budget counts.
 * Endpoints that report no usage count as zero, so a budget over such an endpoint is one of
 * judgments only.
 */
public record JudgeTokens(long prompt, long completion) {
    public static final JudgeTokens NONE = new JudgeTokens(0, 0);

    public JudgeTokens {
        if (prompt < 0 || completion < 0) {
            throw new IllegalArgumentException("token counts cannot be negative: " + prompt + ", " + completion);
        }
    }

    public long total() {
        return prompt + completion;
    }

    public JudgeTokens plus(JudgeTokens other) {
        return new JudgeTokens(prompt + other.prompt, completion + other.completion);
    }
}

package io.sluice.flink.judge;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.sluice.core.event.Trace;
import io.sluice.core.event.TraceMessage;
import io.sluice.core.judge.Rubric;
import io.sluice.judge.prompt.Boundary;
import io.sluice.judge.prompt.RubricPrompt;
import java.security.SecureRandom;
import java.util.List;

/**
 * The tokens a judgment is admitted with, counted before the call: the judge prompt's length in
 * characters over {@value #CHARS_PER_TOKEN}, plus the reply's cap ({@code max_tokens}), which the
 * reply cannot exceed. English prose averages about four characters a token; three errs on the
 * side of reserving too much, which the job gives back when the endpoint reports what the call
 * really used (see {@link JudgeBudget}).
 *
 * <p>The prompt is the rubric's instructions, the same for every call of one judge and measured
 * once, and the conversation and answer of the trace, which the prompt encloses.
 */
public final class TokenEstimate {
    static final int CHARS_PER_TOKEN = 3;
    /** Boundary markers, labels and separators around each enclosed message; generous. */
    private static final int ENCLOSING_CHARS = 120;

    private final int instructionChars;
    private final int maxOutputTokens;

    private TokenEstimate(int instructionChars, int maxOutputTokens) {
        this.instructionChars = instructionChars;
        this.maxOutputTokens = maxOutputTokens;
    }

    /** The estimate for one judge: {@code rubric} graded with replies of at most {@code maxOutputTokens}. */
    public static TokenEstimate forJudge(Rubric rubric, int maxOutputTokens) {
        Boundary boundary = Boundary.random(new SecureRandom(), "");
        int chars = 0;
        for (ChatMessage message : RubricPrompt.messages(rubric, List.of(), "", boundary)) {
            chars += text(message).length();
        }
        return new TokenEstimate(chars, maxOutputTokens);
    }

    /** The tokens to reserve for judging {@code trace}. */
    public long of(Trace trace) {
        long chars = instructionChars + trace.response().length() + ENCLOSING_CHARS;
        for (TraceMessage message : trace.messages()) {
            chars += message.role().length() + message.content().length() + ENCLOSING_CHARS;
        }
        return (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN + maxOutputTokens;
    }

    private static String text(ChatMessage message) {
        if (message instanceof SystemMessage system) {
            return system.text();
        }
        if (message instanceof UserMessage user && user.hasSingleText()) {
            return user.singleText();
        }
        return message.toString();
    }
}

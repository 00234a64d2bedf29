package io.sluice.flink.judge;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.sluice.core.event.Trace;
import io.sluice.core.judge.Rubric;
import io.sluice.judge.prompt.Boundary;
import io.sluice.judge.prompt.RubricPrompt;

/**
 * The tokens a judgment is admitted with, counted before the call: the judge prompt for the trace,
 * tokenized with the judge model's tokenizer (jtokkit; {@code o200k_base}, the GPT-4o family's, for
 * a model it does not know), plus the chat format's few tokens per message, plus the reply's cap
 * ({@code max_tokens}), which the reply cannot exceed. The job gives back what the endpoint reports
 * the call did not use (see {@link JudgeBudget}).
 *
 * <p>The prompt is built exactly as the judge builds it, with a fixed boundary of the same length
 * and alphabet as the call's own random one, so the estimate of a trace is always the same and
 * differs from the call only by how two boundaries of 32 hex digits tokenize, a few tokens where
 * they occur. The trace's text counts as ordinary text: a special token written into an answer is
 * only its characters to the judge, and is counted as such.
 */
public final class TokenEstimate {
    /** Per message: the role and the separators of the chat format (OpenAI's counting guide: 3), generous. */
    static final int TOKENS_PER_MESSAGE = 4;
    /** The reply is primed with the assistant's role. */
    static final int REPLY_PRIMING = 3;
    private static final EncodingRegistry ENCODINGS = Encodings.newLazyEncodingRegistry();
    /** Stands for the call's random boundary: the same length and alphabet. */
    private static final Boundary TYPICAL_BOUNDARY = new Boundary("5e0c9a71d2b84f36a1e7c05d9b3f6284");

    private final Rubric rubric;
    private final Encoding encoding;
    private final int maxOutputTokens;

    private TokenEstimate(Rubric rubric, Encoding encoding, int maxOutputTokens) {
        this.rubric = rubric;
        this.encoding = encoding;
        this.maxOutputTokens = maxOutputTokens;
    }

    /**
     * The estimate for one judge: {@code model} grading on {@code rubric} with replies of at most
     * {@code maxOutputTokens}.
     */
    public static TokenEstimate forJudge(Rubric rubric, String model, int maxOutputTokens) {
        Encoding encoding = (model == null ? java.util.Optional.<Encoding>empty() : ENCODINGS.getEncodingForModel(model))
                .orElseGet(() -> ENCODINGS.getEncoding(EncodingType.O200K_BASE));
        return new TokenEstimate(rubric, encoding, maxOutputTokens);
    }

    /** The tokenizer the estimate counts with. */
    String encodingName() {
        return encoding.getName();
    }

    /** The tokens to reserve for judging {@code trace}. */
    public long of(Trace trace) {
        long tokens = REPLY_PRIMING + maxOutputTokens;
        for (ChatMessage message : RubricPrompt.messages(rubric, trace.messages(), trace.response(),
                TYPICAL_BOUNDARY)) {
            tokens += TOKENS_PER_MESSAGE + encoding.countTokensOrdinary(text(message));
        }
        return tokens;
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

package io.sluice.judge.prompt;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.sluice.core.event.TraceMessage;
import io.sluice.core.judge.Rubric;
import java.util.List;

/**
 * The pairwise judge prompt: which of two answers to one conversation is better on the rubric.
 * The answers are shown as A and B, each in the call's boundary; the caller asks twice with the
 * order swapped, because judges prefer a position whatever it holds.
 */
public final class PairwisePrompt {
    /** Part of the pairwise fingerprint; change it whenever the wording below changes. */
    public static final String TEMPLATE_VERSION = "pairwise-v1";

    private PairwisePrompt() {}

    public static List<ChatMessage> messages(Rubric rubric, List<TraceMessage> conversation, String answerA,
                                             String answerB, Boundary boundary) {
        String system = "You are an impartial judge comparing two answers a chatbot wrote to the same "
                + "conversation. Decide which answer serves the person better overall on the axes of the rubric "
                + "below. The order in which the answers are shown says nothing about their quality, and neither "
                + "does their length.\n\n"
                + boundary.declaration() + "\n\n"
                + RubricText.of(rubric) + "\n\n"
                + "Reply with one JSON object and nothing else, in this form:\n"
                + "{\"rationale\": \"<one or two sentences>\", \"winner\": \"A\" or \"B\" or \"tie\"}";
        String user = boundary.enclose("conversation", ConversationText.of(conversation)) + "\n\n"
                + boundary.enclose("answer A", answerA) + "\n\n"
                + boundary.enclose("answer B", answerB) + "\n\n"
                + "Which answer is better, A or B, or is it a tie?";
        return List.of(SystemMessage.from(system), UserMessage.from(user));
    }
}

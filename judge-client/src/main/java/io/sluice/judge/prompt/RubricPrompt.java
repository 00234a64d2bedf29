package io.sluice.judge.prompt;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.sluice.core.event.TraceMessage;
import io.sluice.core.judge.Rubric;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The pointwise judge prompt: the instructions (role, the boundary declaration, the rubric, the
 * reply's form) in the system message; the conversation and the answer, each enclosed in the
 * call's boundary, in the user message. Nothing from the content ever reaches the system
 * message.
 */
public final class RubricPrompt {
    /**
     * Part of every fingerprint. Change it whenever the wording below changes: scores from
     * different wordings must not share a calibration.
     */
    public static final String TEMPLATE_VERSION = "rubric-v1";

    private RubricPrompt() {}

    public static List<ChatMessage> messages(Rubric rubric, List<TraceMessage> conversation, String answer,
                                             Boundary boundary) {
        String example = rubric.axisNames().stream()
                .map(axis -> "\"" + axis + "\": <integer>")
                .collect(Collectors.joining(", "));
        String system = "You are an impartial grader of answers written by a chatbot. You grade one answer "
                + "to a conversation against the rubric below, on what the answer says to the person it answers.\n\n"
                + boundary.declaration() + "\n\n"
                + RubricText.of(rubric) + "\n\n"
                + "Reply with one JSON object and nothing else, in this form:\n"
                + "{\"rationale\": \"<one or two sentences>\", \"scores\": {" + example + "}}";
        String user = boundary.enclose("conversation", ConversationText.of(conversation)) + "\n\n"
                + boundary.enclose("answer", answer) + "\n\n"
                + "Grade the answer enclosed above on every axis of the rubric.";
        return List.of(SystemMessage.from(system), UserMessage.from(user));
    }
}

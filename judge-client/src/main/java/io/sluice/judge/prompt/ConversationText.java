package io.sluice.judge.prompt;

import io.sluice.core.event.TraceMessage;
import java.util.List;
import java.util.stream.Collectors;

/** A traced conversation as the judge reads it: one {@code [role] text} paragraph per message. */
final class ConversationText {
    private ConversationText() {}

    static String of(List<TraceMessage> conversation) {
        if (conversation.isEmpty()) {
            return "(no messages before the answer)";
        }
        return conversation.stream()
                .map(m -> "[" + m.role() + "] " + m.content().strip())
                .collect(Collectors.joining("\n\n"));
    }
}

package io.sluice.simulator.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One message of a conversation, reduced to what the simulation reads: the role and the text.
 * Content given as an array of parts is joined from its text parts. A chat message and a message
 * item of the Responses API read into the same record, so the same conversation is the same
 * list of messages whichever endpoint it came through.
 */
public record ChatMessage(String role, String content) {

    public boolean isSystem() {
        return "system".equals(role) || "developer".equals(role);
    }

    public boolean isUser() {
        return "user".equals(role);
    }

    /**
     * The text of a message's content: a string, an array of parts ({@code {"type":"text","text":...}}
     * in chat, {@code input_text}/{@code output_text} in the Responses API; parts without text,
     * such as images, are left out), or null (an assistant turn that only called tools).
     */
    static String textOf(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode part : content) {
                if (part.isTextual()) {
                    parts.add(part.asText());
                } else if (part.path("text").isTextual()) {
                    parts.add(part.path("text").asText());
                }
            }
            return String.join("\n", parts);
        }
        return content.toString();
    }
}

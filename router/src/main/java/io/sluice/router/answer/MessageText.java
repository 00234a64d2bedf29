package io.sluice.router.answer;

import com.fasterxml.jackson.databind.JsonNode;

/** The text of a message's content, which is a string or an array of parts of which the text parts count. */
public final class MessageText {
    private MessageText() {}

    public static String of(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder parts = new StringBuilder();
        for (JsonNode part : content) {
            if (part.path("text").isTextual()) {
                parts.append(part.path("text").asText());
            }
        }
        return parts.toString();
    }
}

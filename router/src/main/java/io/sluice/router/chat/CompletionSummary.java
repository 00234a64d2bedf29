package io.sluice.router.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.json.SluiceJson;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/** What the router keeps of an answer: its text for the trace and its token usage for the exposure. */
public record CompletionSummary(String content, String finishReason, Integer promptTokens, Integer completionTokens) {
    public static final CompletionSummary EMPTY = new CompletionSummary("", null, null, null);

    /** Reads a non-streaming chat completion; an unreadable one summarizes as empty. */
    public static CompletionSummary of(Buffer body) {
        try {
            JsonNode json = SluiceJson.mapper().readTree(body.getBytes());
            JsonNode choice = json.path("choices").path(0);
            JsonNode usage = json.path("usage");
            return new CompletionSummary(
                    choice.path("message").path("content").asText(""),
                    choice.path("finish_reason").isTextual() ? choice.path("finish_reason").asText() : null,
                    usage.path("prompt_tokens").isInt() ? usage.path("prompt_tokens").asInt() : null,
                    usage.path("completion_tokens").isInt() ? usage.path("completion_tokens").asInt() : null);
        } catch (IOException e) {
            return EMPTY;
        }
    }
}

package io.sluice.router.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.json.SluiceJson;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads a relayed server-sent-event stream on the side, as its chunks pass through unchanged, to
 * keep the answer's text, finish reason and usage. Chunk boundaries fall anywhere, so partial
 * lines wait for the rest.
 */
public final class SseAccumulator {
    private final StringBuilder pending = new StringBuilder();
    private final StringBuilder content = new StringBuilder();
    private String finishReason;
    private Integer promptTokens;
    private Integer completionTokens;

    public void feed(Buffer chunk) {
        pending.append(chunk.toString(StandardCharsets.UTF_8));
        int newline;
        while ((newline = pending.indexOf("\n")) >= 0) {
            String line = pending.substring(0, newline).strip();
            pending.delete(0, newline + 1);
            if (line.startsWith("data:")) {
                event(line.substring(5).strip());
            }
        }
    }

    private void event(String data) {
        if (data.isEmpty() || data.equals("[DONE]")) {
            return;
        }
        JsonNode json;
        try {
            json = SluiceJson.mapper().readTree(data);
        } catch (IOException e) {
            return;
        }
        JsonNode choice = json.path("choices").path(0);
        JsonNode delta = choice.path("delta").path("content");
        if (delta.isTextual()) {
            content.append(delta.asText());
        }
        if (choice.path("finish_reason").isTextual()) {
            finishReason = choice.path("finish_reason").asText();
        }
        JsonNode usage = json.path("usage");
        if (usage.path("prompt_tokens").isInt()) {
            promptTokens = usage.path("prompt_tokens").asInt();
        }
        if (usage.path("completion_tokens").isInt()) {
            completionTokens = usage.path("completion_tokens").asInt();
        }
    }

    public CompletionSummary summary() {
        return new CompletionSummary(content.toString(), finishReason, promptTokens, completionTokens);
    }
}

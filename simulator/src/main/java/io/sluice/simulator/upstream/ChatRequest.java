package io.sluice.simulator.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.json.SluiceJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * A chat-completions request as the simulated upstream understands it. Fields it has no use for
 * ({@code tools}, {@code response_format}, {@code seed}, anything newer than this code) are
 * accepted and kept in {@link #parameters()} so tests can see what a caller sent.
 *
 * @param model        the requested model
 * @param messages     all messages, in order
 * @param stream       whether the caller asked for server-sent events
 * @param includeUsage whether a streamed answer ends with a usage chunk
 * @param maxTokens    the cap on completion tokens ({@code max_completion_tokens}, else {@code max_tokens})
 * @param parameters   the request body without {@code model} and {@code messages}
 */
public record ChatRequest(
        String model,
        List<ChatMessage> messages,
        boolean stream,
        boolean includeUsage,
        OptionalInt maxTokens,
        JsonNode parameters) implements RequestReading {

    public ChatRequest {
        messages = List.copyOf(messages);
    }

    /** The system (and developer) messages joined by newlines; empty when there are none. */
    public String systemPrompt() {
        return messages.stream().filter(ChatMessage::isSystem).map(ChatMessage::content)
                .collect(Collectors.joining("\n"));
    }

    public List<String> systemPrompts() {
        return messages.stream().filter(ChatMessage::isSystem).map(ChatMessage::content).toList();
    }

    /** Reads a request body; a body that is not a valid chat request reads as the 400 to answer it with. */
    public static RequestReading read(byte[] body) {
        JsonNode root;
        try {
            root = SluiceJson.mapper().readTree(body);
        } catch (IOException e) {
            return OpenAiError.unparseableBody();
        }
        if (root == null || !root.isObject()) {
            return OpenAiError.unparseableBody();
        }
        JsonNode model = root.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            return OpenAiError.invalidRequest("you must provide a model parameter", "model", null);
        }
        JsonNode messagesNode = root.get("messages");
        if (messagesNode == null || messagesNode.isNull()) {
            return OpenAiError.invalidRequest("Missing required parameter: 'messages'.", "messages",
                    "missing_required_parameter");
        }
        if (!messagesNode.isArray() || messagesNode.isEmpty()) {
            return OpenAiError.invalidRequest(
                    "Invalid 'messages': expected an array with minimum length 1.", "messages", "invalid_value");
        }
        List<ChatMessage> messages = new ArrayList<>();
        for (int i = 0; i < messagesNode.size(); i++) {
            JsonNode message = messagesNode.get(i);
            JsonNode role = message.get("role");
            if (!message.isObject() || role == null || !role.isTextual()) {
                return OpenAiError.invalidRequest("Missing required parameter: 'messages[" + i + "].role'.",
                        "messages[" + i + "].role", "missing_required_parameter");
            }
            messages.add(new ChatMessage(role.asText(), ChatMessage.textOf(message.get("content"))));
        }
        OptionalInt maxTokens = OptionalInt.empty();
        for (String field : List.of("max_completion_tokens", "max_tokens")) {
            JsonNode cap = root.get(field);
            if (cap == null || cap.isNull()) {
                continue;
            }
            if (!cap.canConvertToInt() || cap.asInt() < 1) {
                return OpenAiError.invalidRequest("Invalid '" + field + "': integer below minimum value. "
                        + "Expected a value >= 1, but got " + cap + " instead.", field, "integer_below_min_value");
            }
            maxTokens = OptionalInt.of(cap.asInt());
            break;
        }
        ObjectNode parameters = ((ObjectNode) root).deepCopy();
        parameters.remove(List.of("model", "messages"));
        return new ChatRequest(
                model.asText(),
                messages,
                root.path("stream").asBoolean(false),
                root.path("stream_options").path("include_usage").asBoolean(false),
                maxTokens,
                parameters);
    }
}

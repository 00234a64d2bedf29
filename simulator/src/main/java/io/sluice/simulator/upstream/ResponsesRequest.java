package io.sluice.simulator.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.json.SluiceJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A Responses API request ({@code POST /v1/responses}) as the simulated upstream understands it.
 * It is answered as the chat request {@link #asChat()} gives: the instructions become the first
 * system message, then the message items of {@code input} in order. The same conversation sent
 * to either endpoint is therefore the same list of messages, and gets the same variant, seed,
 * quality and wording.
 *
 * <p>Input items that are not messages (function calls and their outputs, reasoning, item
 * references) are accepted and left out of the conversation: the simulated variants answer text
 * and call no tools. Fields the upstream has no use for ({@code tools}, {@code store},
 * {@code reasoning}, anything newer than this code) are kept in {@link #parameters()}.
 *
 * @param model           the requested model
 * @param instructions    the {@code instructions} string, or null when the request has none
 * @param messages        the message items of {@code input} in order; a string input is one user
 *                        message
 * @param stream          whether the caller asked for server-sent events
 * @param maxOutputTokens the cap on output tokens ({@code max_output_tokens})
 * @param parameters      the request body without {@code model} and {@code input}
 *                        ({@code instructions} stays, as sent)
 */
public record ResponsesRequest(
        String model,
        String instructions,
        List<ChatMessage> messages,
        boolean stream,
        OptionalInt maxOutputTokens,
        JsonNode parameters) implements RequestReading {

    /** OpenAI refuses smaller caps on the Responses API (unlike chat completions, where 1 is allowed). */
    static final int MIN_OUTPUT_TOKENS = 16;
    private static final Set<String> ROLES = Set.of("user", "assistant", "system", "developer");

    public ResponsesRequest {
        messages = List.copyOf(messages);
    }

    /**
     * The chat request this request is simulated as. Instructions count as a system message, so
     * a chat request whose system message is the same text is the same conversation. A
     * {@code text.format} is also handed over as the chat {@code response_format}, which is where
     * the simulated judge models read a requested JSON schema.
     */
    public ChatRequest asChat() {
        List<ChatMessage> conversation = new ArrayList<>(messages.size() + 1);
        if (instructions != null) {
            conversation.add(new ChatMessage("system", instructions));
        }
        conversation.addAll(messages);
        ObjectNode chatParameters = parameters.deepCopy();
        JsonNode format = parameters.path("text").path("format");
        if (format.isObject() && !chatParameters.has("response_format")) {
            chatParameters.set("response_format", responseFormatOf((ObjectNode) format));
        }
        return new ChatRequest(model, conversation, stream, true, maxOutputTokens, chatParameters);
    }

    /** Reads a request body; a body that is not a valid Responses request reads as the 400 to answer it with. */
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
            return missing("model");
        }
        JsonNode instructions = root.get("instructions");
        if (instructions != null && !instructions.isNull() && !instructions.isTextual()) {
            return invalidType("instructions", "a string", instructions);
        }
        JsonNode input = root.get("input");
        if (input == null || input.isNull()) {
            return missing("input");
        }
        List<ChatMessage> messages = new ArrayList<>();
        if (input.isTextual()) {
            messages.add(new ChatMessage("user", input.asText()));
        } else if (!input.isArray()) {
            return invalidType("input", "one of a string or array of input items", input);
        } else if (input.isEmpty()) {
            return OpenAiError.invalidRequest("Invalid 'input': empty array. Expected an array with minimum length 1, "
                    + "but got an empty array instead.", "input", "empty_array");
        } else {
            for (int i = 0; i < input.size(); i++) {
                OpenAiError problem = readItem(input.get(i), "input[" + i + "]", messages);
                if (problem != null) {
                    return problem;
                }
            }
        }
        JsonNode cap = root.get("max_output_tokens");
        OptionalInt maxOutputTokens = OptionalInt.empty();
        if (cap != null && !cap.isNull()) {
            if (!cap.isIntegralNumber() || !cap.canConvertToInt()) {
                return invalidType("max_output_tokens", "an integer", cap);
            }
            if (cap.asInt() < MIN_OUTPUT_TOKENS) {
                return OpenAiError.invalidRequest("Invalid 'max_output_tokens': integer below minimum value. "
                        + "Expected a value >= " + MIN_OUTPUT_TOKENS + ", but got " + cap + " instead.",
                        "max_output_tokens", "integer_below_min_value");
            }
            maxOutputTokens = OptionalInt.of(cap.asInt());
        }
        ObjectNode parameters = ((ObjectNode) root).deepCopy();
        parameters.remove(List.of("model", "input"));
        return new ResponsesRequest(
                model.asText(),
                instructions == null || instructions.isNull() ? null : instructions.asText(),
                messages,
                root.path("stream").asBoolean(false),
                maxOutputTokens,
                parameters);
    }

    /** Adds the item to {@code messages} if it is a message; returns the 400 when it is not a valid item. */
    private static OpenAiError readItem(JsonNode item, String path, List<ChatMessage> messages) {
        if (!item.isObject()) {
            return invalidType(path, "an object", item);
        }
        // An item without a type is a message when it has a role ("easy input message").
        JsonNode type = item.get("type");
        if (type != null && !type.isNull() && !"message".equals(type.asText())) {
            return null;
        }
        JsonNode role = item.get("role");
        if (role == null || role.isNull()) {
            return missing(path + ".role");
        }
        if (!role.isTextual() || !ROLES.contains(role.asText())) {
            return OpenAiError.invalidRequest("Invalid value: " + shown(role) + ". Supported values are: "
                    + "'assistant', 'system', 'developer', and 'user'.", path + ".role", "invalid_value");
        }
        JsonNode content = item.get("content");
        if (content == null || content.isNull()) {
            return missing(path + ".content");
        }
        if (!content.isTextual() && !content.isArray()) {
            return invalidType(path + ".content", "one of a string or array of input content parts", content);
        }
        messages.add(new ChatMessage(role.asText(), ChatMessage.textOf(content)));
        return null;
    }

    // The Responses API flattens the chat format's {type, json_schema: {name, schema, strict}} into
    // {type, name, schema, strict}.
    private static ObjectNode responseFormatOf(ObjectNode format) {
        ObjectNode chat = SluiceJson.mapper().createObjectNode();
        chat.set("type", format.path("type").deepCopy());
        if ("json_schema".equals(format.path("type").asText())) {
            ObjectNode jsonSchema = chat.putObject("json_schema");
            for (Iterator<Map.Entry<String, JsonNode>> fields = format.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!field.getKey().equals("type")) {
                    jsonSchema.set(field.getKey(), field.getValue().deepCopy());
                }
            }
        }
        return chat;
    }

    private static OpenAiError missing(String param) {
        return OpenAiError.invalidRequest("Missing required parameter: '" + param + "'.", param,
                "missing_required_parameter");
    }

    private static OpenAiError invalidType(String param, String expected, JsonNode got) {
        return OpenAiError.invalidRequest("Invalid type for '" + param + "': expected " + expected + ", but got "
                + kindOf(got) + " instead.", param, "invalid_type");
    }

    private static String kindOf(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case BOOLEAN -> "a boolean";
            case NUMBER -> node.isIntegralNumber() ? "an integer" : "a decimal";
            case NULL -> "null";
            default -> "a value";
        };
    }

    private static String shown(JsonNode value) {
        return value.isTextual() ? "'" + value.asText() + "'" : value.toString();
    }
}

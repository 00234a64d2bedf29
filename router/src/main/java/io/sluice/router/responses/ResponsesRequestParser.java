package io.sluice.router.responses;

import static io.sluice.router.api.OpenAiFields.optionalBoolean;
import static io.sluice.router.api.OpenAiFields.optionalInteger;
import static io.sluice.router.api.OpenAiFields.optionalNumber;
import static io.sluice.router.api.OpenAiFields.optionalString;
import static io.sluice.router.api.OpenAiFields.requiredString;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.router.answer.ModelRequest;
import io.sluice.router.api.ApiError;
import io.sluice.router.api.ApiException;
import io.sluice.router.api.JsonBodies;
import io.vertx.core.buffer.Buffer;
import java.util.Set;

/**
 * Validates a Responses API request as far as the router relies on it: the model names the
 * experiment, the input is what the arm's instructions are put before. Items the router does not
 * know (tool outputs, references) pass through for the upstream to judge.
 */
public final class ResponsesRequestParser {
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant");

    private ResponsesRequestParser() {}

    public static ModelRequest parse(Buffer raw) {
        ObjectNode body = JsonBodies.object(raw);
        String model = requiredString(body, "model");
        JsonNode previous = body.get("previous_response_id");
        if (previous != null && !previous.isNull()) {
            // The stored response lives with whichever arm's upstream answered it, and its id is
            // Sluice's: continuing it would mix arms. The app sends the conversation as input instead.
            throw new ApiException(ApiError.invalidRequest("previous_response_id is not supported through Sluice: "
                    + "send the earlier turns in 'input' (and the conversation id in the Sluice-Conversation header).",
                    "previous_response_id", "unsupported_parameter"));
        }
        JsonNode input = body.get("input");
        if (input == null || input.isNull()) {
            throw new ApiException(ApiError.missingField("input"));
        }
        if (input.isTextual()) {
            if (input.asText().isEmpty()) {
                throw new ApiException(ApiError.invalidField("input", "expected a non-empty string or array of items"));
            }
        } else if (input.isArray() && !input.isEmpty()) {
            for (int i = 0; i < input.size(); i++) {
                item(input.get(i), "input[" + i + "]");
            }
        } else {
            throw new ApiException(ApiError.invalidField("input", "expected a non-empty string or array of items"));
        }
        boolean stream = optionalBoolean(body, "stream");
        optionalString(body, "instructions");
        optionalString(body, "user");
        optionalNumber(body, "temperature");
        optionalNumber(body, "top_p");
        optionalInteger(body, "max_output_tokens");
        return new ModelRequest(body, model, stream);
    }

    private static void item(JsonNode item, String path) {
        if (!item.isObject()) {
            throw new ApiException(ApiError.invalidField(path, "expected an input item object"));
        }
        JsonNode role = item.get("role");
        JsonNode type = item.get("type");
        boolean message = role != null || (type != null && "message".equals(type.asText()));
        if (!message) {
            return;
        }
        if (role == null || !role.isTextual() || !ROLES.contains(role.asText())) {
            throw new ApiException(ApiError.invalidField(path + ".role",
                    "expected one of user, assistant, system, developer"));
        }
        JsonNode content = item.get("content");
        if (content == null || content.isNull()) {
            throw new ApiException(ApiError.missingField(path + ".content"));
        }
        if (!content.isTextual() && !content.isArray()) {
            throw new ApiException(ApiError.invalidField(path + ".content", "expected a string or an array of parts"));
        }
    }
}

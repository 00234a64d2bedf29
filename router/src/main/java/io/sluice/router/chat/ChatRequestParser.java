package io.sluice.router.chat;

import static io.sluice.router.api.OpenAiFields.optionalBoolean;
import static io.sluice.router.api.OpenAiFields.optionalInteger;
import static io.sluice.router.api.OpenAiFields.optionalNumber;
import static io.sluice.router.api.OpenAiFields.optionalString;
import static io.sluice.router.api.OpenAiFields.requiredString;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.router.api.ApiError;
import io.sluice.router.api.ApiException;
import io.sluice.router.api.JsonBodies;
import io.sluice.router.answer.ModelRequest;
import io.vertx.core.buffer.Buffer;
import java.util.Set;

/**
 * Validates what the router itself relies on, with the parameter named as OpenAI would name it.
 * Everything else is the upstream's to judge, so unknown fields pass through untouched.
 */
public final class ChatRequestParser {
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");

    private ChatRequestParser() {}

    public static ModelRequest parse(Buffer raw) {
        ObjectNode body = JsonBodies.object(raw);
        String model = requiredString(body, "model");
        JsonNode messages = body.get("messages");
        if (messages == null || messages.isNull()) {
            throw new ApiException(ApiError.missingField("messages"));
        }
        if (!messages.isArray() || messages.isEmpty()) {
            throw new ApiException(ApiError.invalidField("messages", "expected a non-empty array of messages"));
        }
        for (int i = 0; i < messages.size(); i++) {
            message(messages.get(i), "messages[" + i + "]");
        }
        boolean stream = optionalBoolean(body, "stream");
        optionalString(body, "user");
        optionalNumber(body, "temperature");
        optionalNumber(body, "top_p");
        optionalInteger(body, "max_tokens");
        optionalInteger(body, "max_completion_tokens");
        optionalInteger(body, "n");
        return new ModelRequest(body, model, stream);
    }

    private static void message(JsonNode message, String path) {
        if (!message.isObject()) {
            throw new ApiException(ApiError.invalidField(path, "expected an object with role and content"));
        }
        JsonNode role = message.get("role");
        if (role == null || role.isNull()) {
            throw new ApiException(ApiError.missingField(path + ".role"));
        }
        if (!role.isTextual() || !ROLES.contains(role.asText())) {
            throw new ApiException(ApiError.invalidField(path + ".role",
                    "expected one of system, developer, user, assistant, tool, function"));
        }
        JsonNode content = message.get("content");
        boolean mayOmitContent = role.asText().equals("assistant");
        if (content == null || content.isNull()) {
            if (!mayOmitContent) {
                throw new ApiException(ApiError.missingField(path + ".content"));
            }
        } else if (!content.isTextual() && !content.isArray()) {
            throw new ApiException(ApiError.invalidField(path + ".content", "expected a string or an array of parts"));
        }
    }

}

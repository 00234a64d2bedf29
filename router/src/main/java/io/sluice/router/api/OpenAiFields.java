package io.sluice.router.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Checks of the OpenAI request fields the router relies on, each error naming the parameter as
 * OpenAI would name it. Shared by every OpenAI endpoint the router serves.
 */
public final class OpenAiFields {
    private OpenAiFields() {}

    public static String requiredString(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw new ApiException(ApiError.missingField(field));
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new ApiException(ApiError.invalidField(field, "expected a non-empty string"));
        }
        return value.asText();
    }

    public static String optionalString(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new ApiException(ApiError.invalidField(field, "expected a string"));
        }
        return value.asText();
    }

    public static boolean optionalBoolean(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new ApiException(ApiError.invalidField(field, "expected true or false"));
        }
        return value.asBoolean();
    }

    public static void optionalNumber(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value != null && !value.isNull() && !value.isNumber()) {
            throw new ApiException(ApiError.invalidField(field, "expected a number"));
        }
    }

    public static void optionalInteger(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value != null && !value.isNull() && !(value.isIntegralNumber() && value.asLong() >= 1)) {
            throw new ApiException(ApiError.invalidField(field, "expected a positive integer"));
        }
    }
}

package io.sluice.router.answer;

import com.fasterxml.jackson.databind.JsonNode;

/** Optional values read from an upstream answer, which may lack any field. */
public final class JsonValues {
    private JsonValues() {}

    public static String textOrNull(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }

    public static Integer intOrNull(JsonNode node) {
        return node.isInt() ? node.asInt() : null;
    }
}

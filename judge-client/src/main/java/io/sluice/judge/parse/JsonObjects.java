package io.sluice.judge.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.json.SluiceJson;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the JSON objects in a model's reply, however it wrapped them: a bare object, a fenced
 * {@code ```json} block, an object followed by an explanation, prose on both sides. Objects in
 * fenced blocks come first (a model that fences its answer means that block), then every other
 * top-level object in order. The reader forgives what models commonly get wrong in JSON
 * (trailing commas, single quotes, unquoted names, comments); it never guesses values.
 */
public final class JsonObjects {
    private static final Pattern FENCE = Pattern.compile("```[a-zA-Z0-9_-]*[ \\t]*\\r?\\n?(.*?)```", Pattern.DOTALL);
    private static final ObjectMapper LENIENT = ((JsonMapper) SluiceJson.create()).rebuild()
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS)
            .build();

    private JsonObjects() {}

    /** Every JSON object found in {@code text}, fenced ones first; empty when there is none. */
    public static List<ObjectNode> in(String text) {
        Set<ObjectNode> found = new LinkedHashSet<>();
        Matcher fences = FENCE.matcher(text);
        while (fences.find()) {
            found.addAll(topLevelObjects(fences.group(1)));
        }
        found.addAll(topLevelObjects(text));
        return List.copyOf(found);
    }

    // Each '{' starts a candidate that ends at its matching '}' (braces inside strings do not
    // count); a candidate that does not parse is skipped and the scan goes on after its '{'. A
    // '{' that never closes ends the scan: what follows is the inside of a reply cut short, and
    // a complete inner object taken from it would pass a fragment off as the judge's answer.
    private static List<ObjectNode> topLevelObjects(String text) {
        List<ObjectNode> objects = new ArrayList<>();
        int i = 0;
        while ((i = text.indexOf('{', i)) >= 0) {
            int end = matchingBrace(text, i);
            if (end < 0) {
                break;
            }
            ObjectNode object = parse(text.substring(i, end + 1));
            if (object != null) {
                objects.add(object);
                i = end + 1;
            } else {
                i++;
            }
        }
        return objects;
    }

    private static int matchingBrace(String text, int open) {
        int depth = 0;
        boolean inString = false;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static ObjectNode parse(String candidate) {
        try {
            JsonNode node = LENIENT.readTree(candidate);
            return node instanceof ObjectNode object ? object : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}

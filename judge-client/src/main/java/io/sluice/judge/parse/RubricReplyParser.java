package io.sluice.judge.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.judge.Rubric;
import io.sluice.judge.FailureKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the grades out of a rubric reply. It takes {@code {"scores": {...}}} or the axes at the
 * top level, axis names in any case or spacing ("Policy Citation" is {@code policy_citation}),
 * and a grade given as a number, a numeric string ("4", "4/5") or an object with a
 * {@code score}. Anything less than a valid grade for every axis is a recorded failure with its
 * reason; a partial set of grades is never filled in.
 */
public final class RubricReplyParser {
    private static final Pattern NUMERIC = Pattern.compile("\\s*([-+]?\\d+(?:\\.\\d+)?)\\s*(?:/\\s*\\d+)?\\s*");
    private static final List<String> RATIONALE_KEYS = List.of("rationale", "reasoning", "explanation", "reason");
    private static final List<String> NESTED_SCORE_KEYS = List.of("score", "grade", "value", "rating");

    private RubricReplyParser() {}

    public static Parsed<AxisGrades> parse(String reply, Rubric rubric) {
        if (reply == null || reply.isBlank()) {
            return Parsed.failed(FailureKind.EMPTY_REPLY, "the judge replied with nothing");
        }
        List<ObjectNode> objects = JsonObjects.in(reply);
        ObjectNode chosen = null;
        JsonNode grades = null;
        for (ObjectNode object : objects) {
            if (object.path("scores").isObject()) {
                chosen = object;
                grades = object.get("scores");
                break;
            }
        }
        if (chosen == null) {
            for (ObjectNode object : objects) {
                if (!axesPresent(object, rubric).isEmpty()) {
                    chosen = object;
                    grades = object;
                    break;
                }
            }
        }
        if (chosen == null) {
            boolean refusalField = objects.stream().anyMatch(o -> o.path("refusal").isTextual()
                    && !o.path("refusal").asText().isBlank());
            if (refusalField || RefusalLanguage.refuses(reply)) {
                return Parsed.failed(FailureKind.REFUSAL, excerpt(reply));
            }
            if (objects.isEmpty()) {
                return Parsed.failed(FailureKind.UNPARSEABLE, "no JSON object in the reply: " + excerpt(reply));
            }
            return Parsed.failed(FailureKind.MISSING_AXES, "no grades in the reply; missing "
                    + String.join(", ", rubric.axisNames()));
        }

        Map<String, JsonNode> byKey = keyed(grades);
        Map<String, Double> axes = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        List<String> outOfRange = new ArrayList<>();
        for (String axis : rubric.axisNames()) {
            JsonNode node = byKey.get(normalized(axis));
            if (node == null || node.isNull()) {
                missing.add(axis);
                continue;
            }
            Double grade = number(node);
            if (grade == null) {
                invalid.add(axis + "=" + node);
            } else if (!rubric.scale().contains(grade)) {
                outOfRange.add(axis + "=" + format(grade));
            } else {
                axes.put(axis, grade);
            }
        }
        if (!missing.isEmpty()) {
            return Parsed.failed(FailureKind.MISSING_AXES, "missing " + String.join(", ", missing));
        }
        if (!invalid.isEmpty()) {
            return Parsed.failed(FailureKind.INVALID_SCORE, "not a number: " + String.join(", ", invalid));
        }
        if (!outOfRange.isEmpty()) {
            return Parsed.failed(FailureKind.OUT_OF_RANGE, String.join(", ", outOfRange) + " outside ["
                    + rubric.scale().min() + ", " + rubric.scale().max() + "]");
        }
        return Parsed.of(new AxisGrades(axes, rationale(chosen)));
    }

    private static List<String> axesPresent(ObjectNode object, Rubric rubric) {
        Map<String, JsonNode> byKey = keyed(object);
        return rubric.axisNames().stream().filter(axis -> byKey.containsKey(normalized(axis))).toList();
    }

    private static Map<String, JsonNode> keyed(JsonNode object) {
        Map<String, JsonNode> byKey = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            byKey.putIfAbsent(normalized(field.getKey()), field.getValue());
        }
        return byKey;
    }

    static String normalized(String key) {
        return key.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
    }

    private static Double number(JsonNode node) {
        if (node.isNumber()) {
            double value = node.asDouble();
            return Double.isFinite(value) ? value : null;
        }
        if (node.isTextual()) {
            Matcher m = NUMERIC.matcher(node.asText());
            return m.matches() ? Double.parseDouble(m.group(1)) : null;
        }
        if (node.isObject()) {
            for (String key : NESTED_SCORE_KEYS) {
                if (node.has(key)) {
                    return number(node.get(key));
                }
            }
        }
        return null;
    }

    private static String rationale(ObjectNode object) {
        for (String key : RATIONALE_KEYS) {
            if (object.path(key).isTextual()) {
                return object.get(key).asText();
            }
        }
        return null;
    }

    private static String format(double grade) {
        return grade == Math.rint(grade) ? String.valueOf((long) grade) : String.valueOf(grade);
    }

    static String excerpt(String reply) {
        String flat = reply.strip().replaceAll("\\s+", " ");
        return flat.length() <= 160 ? flat : flat.substring(0, 160) + "...";
    }
}

package io.sluice.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.sluice.core.json.HumanDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A position in a configuration tree that knows its own path and reports problems there.
 * Readers walk the tree with it and keep going after a problem, so a user sees every mistake in
 * one pass, each named by its field path. A missing or null field reads as absent.
 */
public final class ConfigNode {
    private final JsonNode node;
    private final String path;
    private final List<ConfigError> errors;

    private ConfigNode(JsonNode node, String path, List<ConfigError> errors) {
        this.node = node == null || node.isNull() ? MissingNode.getInstance() : node;
        this.path = path;
        this.errors = errors;
    }

    public static ConfigNode root(JsonNode node, List<ConfigError> errors) {
        return new ConfigNode(node, "", errors);
    }

    public String path() {
        return path;
    }

    public boolean present() {
        return !node.isMissingNode();
    }

    public JsonNode json() {
        return node;
    }

    /** Problems reported so far anywhere in this tree. */
    public int problemCount() {
        return errors.size();
    }

    public void error(String message) {
        errors.add(new ConfigError(path, message));
    }

    public ConfigNode field(String name) {
        JsonNode child = node.isObject() ? node.get(name) : null;
        return new ConfigNode(child, path.isEmpty() ? name : path + "." + name, errors);
    }

    /** Reports fields this reader does not know, so a typo never passes as a default. */
    public void allowOnly(String... names) {
        if (!node.isObject()) {
            return;
        }
        Set<String> known = new TreeSet<>(Arrays.asList(names));
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                field(name).error("unknown field (expected one of " + String.join(", ", known) + ")");
            }
        }
    }

    /** True when present and an object; reports a wrong type. */
    public boolean isObject() {
        if (!present()) {
            return false;
        }
        if (!node.isObject()) {
            error("must be a mapping");
            return false;
        }
        return true;
    }

    public List<ConfigNode> elements() {
        if (!present()) {
            return List.of();
        }
        if (!node.isArray()) {
            error("must be a list");
            return List.of();
        }
        List<ConfigNode> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            out.add(new ConfigNode(node.get(i), path + "[" + i + "]", errors));
        }
        return out;
    }

    /**
     * The same node, its path followed by what a person calls it, e.g. {@code experiments[0]
     * (support-bot)}: in a list of experiments the index alone makes a reader count.
     */
    public ConfigNode named(String name) {
        return new ConfigNode(node, path + " (" + name + ")", errors);
    }

    public Map<String, ConfigNode> entries() {
        Map<String, ConfigNode> out = new LinkedHashMap<>();
        if (isObject()) {
            node.fieldNames().forEachRemaining(name -> out.put(name, field(name)));
        }
        return out;
    }

    public Optional<String> text() {
        if (!present()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            error("must be a string");
            return Optional.empty();
        }
        return Optional.of(node.asText());
    }

    public String requiredText() {
        if (!present()) {
            error("required");
            return null;
        }
        String value = text().orElse(null);
        if (value != null && value.isBlank()) {
            error("must not be empty");
        }
        return value;
    }

    public Optional<Double> number() {
        if (!present()) {
            return Optional.empty();
        }
        if (!node.isNumber()) {
            error("must be a number");
            return Optional.empty();
        }
        double value = node.asDouble();
        if (!Double.isFinite(value)) {
            error("must be a finite number");
            return Optional.empty();
        }
        return Optional.of(value);
    }

    public Optional<Long> integer() {
        if (!present()) {
            return Optional.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            error("must be an integer");
            return Optional.empty();
        }
        return Optional.of(node.asLong());
    }

    public Optional<Boolean> bool() {
        if (!present()) {
            return Optional.empty();
        }
        if (!node.isBoolean()) {
            error("must be true or false");
            return Optional.empty();
        }
        return Optional.of(node.asBoolean());
    }

    public Optional<Duration> duration() {
        if (!present()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            error("must be a duration such as 500ms, 30s, 10m, 1h or 7d");
            return Optional.empty();
        }
        Optional<Duration> parsed = HumanDuration.parse(node.asText());
        if (parsed.isEmpty()) {
            error("must be a duration such as 500ms, 30s, 10m, 1h or 7d, was '" + node.asText() + "'");
        }
        return parsed;
    }

    /** One of an enum's wire names. */
    public <E extends Enum<E>> Optional<E> choice(Class<E> type, Function<E, String> wireName) {
        Optional<String> raw = text();
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        for (E value : type.getEnumConstants()) {
            if (wireName.apply(value).equals(raw.get())) {
                return Optional.of(value);
            }
        }
        List<String> names = Arrays.stream(type.getEnumConstants()).map(wireName).toList();
        error("must be one of " + String.join(", ", names) + ", was '" + raw.get() + "'");
        return Optional.empty();
    }

    /** A number in [min, max], reported otherwise. */
    public Optional<Double> numberIn(double min, double max) {
        Optional<Double> value = number();
        if (value.isPresent() && !(value.get() >= min && value.get() <= max)) {
            error("must be in [" + plain(min) + ", " + plain(max) + "], was " + plain(value.get()));
            return Optional.empty();
        }
        return value;
    }

    private static String plain(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}

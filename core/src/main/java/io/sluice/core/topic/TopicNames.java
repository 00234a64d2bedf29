package io.sluice.core.topic;

import java.util.Objects;
import java.util.regex.Pattern;

/** Full topic names under one deployment prefix, e.g. {@code sluice.exposures}. */
public record TopicNames(String prefix) implements java.io.Serializable {
    public static final String DEFAULT_PREFIX = "sluice.";
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]*");

    public TopicNames {
        Objects.requireNonNull(prefix, "prefix");
        if (!LEGAL.matcher(prefix).matches()) {
            throw new IllegalArgumentException(
                    "topic prefix may only hold letters, digits, '.', '_' and '-': " + prefix);
        }
    }

    public static TopicNames defaults() {
        return new TopicNames(DEFAULT_PREFIX);
    }

    public String of(Topic topic) {
        return prefix + topic.suffix();
    }
}

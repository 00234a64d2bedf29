package io.sluice.core.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration that failed validation, with every problem found (not just the first). */
public final class ConfigException extends RuntimeException {
    private final List<ConfigError> errors;

    public ConfigException(String source, List<ConfigError> errors) {
        super(describe(source, errors));
        this.errors = List.copyOf(errors);
    }

    public List<ConfigError> errors() {
        return errors;
    }

    private static String describe(String source, List<ConfigError> errors) {
        String header = errors.size() == 1 ? "1 problem" : errors.size() + " problems";
        return (source == null ? "" : source + ": ") + header + "\n"
                + errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n"));
    }
}

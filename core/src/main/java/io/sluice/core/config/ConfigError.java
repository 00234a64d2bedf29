package io.sluice.core.config;

/** One problem in a configuration, at a field path such as {@code experiments[0].arms[1].weight}. */
public record ConfigError(String path, String message) {
    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}

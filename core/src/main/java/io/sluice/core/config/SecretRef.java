package io.sluice.core.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where a secret comes from: a file (wins when set, e.g. a mounted Docker secret) or an
 * environment variable. Configuration names the place, never the value, so a config file or a
 * spec on a topic can be shared without leaking keys; {@link #toString()} says where, not what.
 */
public record SecretRef(String env, Path file) {
    public Optional<String> resolve() {
        return resolve(System.getenv());
    }

    public Optional<String> resolve(Map<String, String> environment) {
        if (file != null) {
            try {
                String value = Files.readString(file, StandardCharsets.UTF_8).strip();
                return value.isEmpty() ? Optional.empty() : Optional.of(value);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read secret file " + file, e);
            }
        }
        if (env != null) {
            String value = environment.get(env);
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return file != null ? "file " + file : env != null ? "environment variable " + env : "nowhere";
    }
}

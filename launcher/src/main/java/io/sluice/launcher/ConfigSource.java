package io.sluice.launcher;

import io.sluice.core.config.SluiceConfig;
import io.sluice.core.config.SluiceConfigReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Where a command's configuration comes from: a file the user names, or the bundled example. */
public final class ConfigSource {
    /** {@code examples/bandit.yaml}, packaged into the launcher. */
    public static final String BUNDLED_EXAMPLE = "examples/bandit.yaml";
    /** The simulated world the bundled example's models live in. */
    public static final String BUNDLED_WORLD = "three-arms";
    /** The simulated world for a configuration of one's own: answers by the system prompt, any model. */
    public static final String DEFAULT_WORLD = "support-bot";

    private ConfigSource() {}

    /** The simulated upstream's preset: the one asked for, else the one that fits the configuration. */
    public static String world(String asked, Path configFile) {
        if (asked != null) {
            return asked;
        }
        return configFile == null ? BUNDLED_WORLD : DEFAULT_WORLD;
    }

    public static SluiceConfig load(Path file) {
        return file != null ? SluiceConfigReader.load(file) : bundledExample();
    }

    /** A file the bundled example refers to, e.g. its rubric, from the same packaged folder. */
    private static com.fasterxml.jackson.databind.JsonNode bundledInclude(String reference) throws IOException {
        try (InputStream in = ConfigSource.class.getClassLoader().getResourceAsStream("examples/" + reference)) {
            if (in == null) {
                throw new IOException("the launcher was built without examples/" + reference);
            }
            return new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(in);
        }
    }

    public static SluiceConfig bundledExample() {
        try (InputStream in = ConfigSource.class.getClassLoader().getResourceAsStream(BUNDLED_EXAMPLE)) {
            if (in == null) {
                throw new IllegalStateException("the launcher was built without " + BUNDLED_EXAMPLE);
            }
            return SluiceConfigReader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), BUNDLED_EXAMPLE,
                    ConfigSource::bundledInclude);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

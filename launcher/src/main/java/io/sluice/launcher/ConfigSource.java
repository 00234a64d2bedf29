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
    /** {@code examples/support-bot.yaml}, packaged into the launcher. */
    public static final String BUNDLED_EXAMPLE = "examples/support-bot.yaml";

    private ConfigSource() {}

    public static SluiceConfig load(Path file) {
        return file != null ? SluiceConfigReader.load(file) : bundledExample();
    }

    public static SluiceConfig bundledExample() {
        try (InputStream in = ConfigSource.class.getClassLoader().getResourceAsStream(BUNDLED_EXAMPLE)) {
            if (in == null) {
                throw new IllegalStateException("the launcher was built without " + BUNDLED_EXAMPLE);
            }
            return SluiceConfigReader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), BUNDLED_EXAMPLE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.sluice.judge;

import io.sluice.core.config.ConfigError;
import io.sluice.core.config.ConfigNode;
import io.sluice.core.config.SluiceConfigReader;
import io.sluice.core.judge.Rubric;
import io.sluice.core.judge.RubricReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The rubrics the tests grade with: the shipped support-bot rubric, read as a user's file would be. */
public final class Rubrics {
    private Rubrics() {}

    public static Rubric supportBot() {
        try {
            List<ConfigError> errors = new ArrayList<>();
            Rubric rubric = RubricReader.read(ConfigNode.root(
                    SluiceConfigReader.readYaml(Path.of("../examples/rubrics/support-bot.yaml")), errors));
            if (!errors.isEmpty()) {
                throw new IllegalStateException("the shipped rubric is invalid: " + errors);
            }
            return rubric;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

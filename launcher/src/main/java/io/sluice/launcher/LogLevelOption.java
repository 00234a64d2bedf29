package io.sluice.launcher;

import java.util.Locale;
import java.util.Set;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --log-level}, on every command: the level of Sluice's own loggers and of every logger
 * without a level of its own in {@code sluice-log4j2.xml}. The embedded Kafka and Flink keep the
 * quieter levels set for them there.
 */
public final class LogLevelOption {
    private static final Set<String> LEVELS = Set.of("off", "error", "warn", "info", "debug", "trace");

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--log-level", paramLabel = "LEVEL",
            description = "Log level of Sluice and the root logger: off, error, warn, info, debug or trace (default: warn).")
    void setLevel(String name) {
        String level = name.toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(level)) {
            throw new ParameterException(command.commandLine(), "--log-level: expected one of off, error, warn, info, debug, trace; was '"
                    + name + "'");
        }
        Level chosen = Level.valueOf(level);
        Configurator.setRootLevel(chosen);
        Configurator.setLevel("io.sluice", chosen);
    }
}

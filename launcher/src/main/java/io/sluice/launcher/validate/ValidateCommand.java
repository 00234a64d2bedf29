package io.sluice.launcher.validate;

import io.sluice.core.config.SluiceConfig;
import io.sluice.core.event.UnitType;
import io.sluice.core.experiment.ArmSpec;
import io.sluice.core.experiment.ExperimentSpec;
import io.sluice.launcher.ConfigSource;
import io.sluice.launcher.LogLevelOption;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice validate}: reads a configuration the way {@code serve} does, rubric files
 * included, and starts nothing. A problem exits 2 with every problem listed, so it fits in CI
 * before a deployment.
 */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        versionProvider = io.sluice.launcher.BuildVersion.class,
        description = {
            "Checks a configuration without starting anything.",
            "Every problem is listed with its path, e.g. experiments[0] (support-bot).arms[1].weight, and the "
                    + "command exits with 2; a valid configuration prints one line per experiment and exits with 0."
        })
public final class ValidateCommand implements Callable<Integer> {
    @Option(names = "--config", description = "The configuration file to check (default: the bundled examples/bandit.yaml).")
    Path config;

    @Mixin
    LogLevelOption logLevel;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        SluiceConfig loaded = ConfigSource.load(config);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s: ok, %d experiment(s)%n", config == null ? ConfigSource.BUNDLED_EXAMPLE : config,
                loaded.experiments().size());
        for (ExperimentSpec experiment : loaded.experiments()) {
            out.printf("  %s: %s by %s, arms %s%s%n", experiment.name(), experiment.policy().type().wireName(),
                    experiment.unitChain().stream().map(UnitType::wireName).collect(Collectors.joining(", then ")),
                    experiment.arms().stream().map(ValidateCommand::arm).collect(Collectors.joining(", ")),
                    experiment.judge().enabled() ? ", judged by " + experiment.judge().model() : "");
        }
        out.flush();
        return 0;
    }

    private static String arm(ArmSpec arm) {
        return arm.name() + " (" + arm.model() + ")";
    }
}

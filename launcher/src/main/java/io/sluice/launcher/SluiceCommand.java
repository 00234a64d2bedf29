package io.sluice.launcher;

import io.sluice.core.config.ConfigException;
import io.sluice.launcher.demo.DemoCommand;
import io.sluice.launcher.experiments.ExperimentsCommand;
import io.sluice.launcher.serve.ServeCommand;
import io.sluice.launcher.validate.ValidateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
        name = "sluice",
        mixinStandardHelpOptions = true,
        versionProvider = BuildVersion.class,
        description = {
            "Experiments on LLM features: an OpenAI-compatible router, with Kafka and Flink closing the loop.",
            "",
            "Environment: SLUICE_JAVA_OPTS adds JVM options (e.g. -Xmx4g); SLUICE_NO_BUILD=1 runs the launcher "
                    + "as built, without rebuilding."
        },
        subcommands = {DemoCommand.class, ServeCommand.class, ValidateCommand.class, ExperimentsCommand.class,
            CommandLine.HelpCommand.class})
public final class SluiceCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The command line with Sluice's error handling: configuration problems print as a list, not a trace. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new SluiceCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException || e instanceof IllegalArgumentException
                    || e instanceof IllegalStateException) {
                commandLine.getErr().println("sluice: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli;
    }
}

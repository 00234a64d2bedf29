package io.sluice.launcher;

import io.sluice.core.config.ConfigException;
import io.sluice.launcher.demo.DemoCommand;
import io.sluice.launcher.serve.ServeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
        name = "sluice",
        mixinStandardHelpOptions = true,
        version = "sluice 0.1.0",
        description = "Experiments on LLM features: an OpenAI-compatible router, Kafka and Flink closing the loop.",
        subcommands = {DemoCommand.class, ServeCommand.class, CommandLine.HelpCommand.class})
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

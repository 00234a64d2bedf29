package io.sluice.launcher;

import picocli.CommandLine;

/** Entry point of the {@code sluice} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // Before any logger exists: the jars on the class path bring logging configs of their own.
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "classpath:sluice-log4j2.xml");
        }
        int exitCode = SluiceCommand.commandLine().execute(args);
        System.exit(exitCode);
    }
}

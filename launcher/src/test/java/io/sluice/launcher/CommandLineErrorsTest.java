package io.sluice.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Mistakes on the command line end with exit code 2 and a message naming the option or field. */
class CommandLineErrorsTest {
    @TempDir
    Path directory;

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = SluiceCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void aConfigurationErrorNamesEveryBadFieldAndStartsNothing() throws IOException {
        Path config = Files.writeString(directory.resolve("bad.yaml"), """
                experiments:
                  - name: duel
                    arms:
                      - {name: a, model: m, weight: 1}
                      - {name: b, model: m, weight: 0}
                    reward: {signals: {thumbs_up: 1}, attribution_window: forever}
                """);

        Run run = run("serve", "--config", config.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("2 problems", "experiments[0].arms[1].weight: must be > 0",
                "experiments[0].reward.attribution_window: must be a duration");
        assertThat(run.out()).doesNotContain("kafka");
    }

    @Test
    void aMissingConfigurationFileIsNamed() {
        Run run = run("demo", "--config", directory.resolve("nope.yaml").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("no such file", "nope.yaml");
    }

    @Test
    void badOptionValuesNameTheOption() {
        assertThat(run("demo", "--duration", "soon").err()).contains("--duration", "'soon' is not a duration");
        assertThat(run("demo", "--experiment", "nope").err()).contains("--experiment: no experiment named 'nope'");
        assertThat(run("demo", "--users", "0").err()).contains("--users must be at least 1");
        assertThat(run("serve", "--upstream", "ftp://example").err()).contains("--upstream: must be an http(s) URL");
        assertThat(run("serve", "--kafka", "localhost").err()).contains("--kafka: must be HOST:PORT");
        assertThat(run("demo", "--duration", "soon").exit()).isEqualTo(2);
    }

    @Test
    void anUnknownCommandListsTheKnownOnes() {
        Run run = run("deploy");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("Unmatched argument", "deploy");
    }
}

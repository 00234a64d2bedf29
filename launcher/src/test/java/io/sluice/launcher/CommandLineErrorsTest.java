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
        assertThat(run.err()).contains("2 problems", "experiments[0] (duel).arms[1].weight: must be > 0",
                "experiments[0] (duel).reward.attribution_window: must be a duration");
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
        assertThat(run("demo", "--degrade", "large").err()).contains("--degrade 'large': expected ARM:latency=");
        assertThat(run("demo", "--degrade", "large:latency=soon@10s").err())
                .contains("--degrade 'large:latency=soon@10s': latency 'soon' is not a duration");
        assertThat(run("demo", "--degrade", "large:errors=2@10s").err()).contains("errors must be a rate in [0, 1]");
        assertThat(run("demo", "--degrade", "huge:latency=4s@10s").err())
                .contains("--degrade: experiment 'model-bandit' has no arm 'huge' (it has small, medium, large)");
        assertThat(run("demo", "--degrade", "large:latency=4s@10m").err())
                .contains("--degrade 'large:latency=4s@10m': 10m is not within the run's --duration of 2m");
    }

    @Test
    void newOptionsRefuseWhatTheyCannotDoNamingTheOption() {
        Run upstreamAlone = run("serve", "--upstream", "https://api.openai.com/v1");
        assertThat(upstreamAlone.exit()).isEqualTo(2);
        assertThat(upstreamAlone.err()).contains("--upstream needs --config", "sim-small");
        assertThat(upstreamAlone.out()).doesNotContain("router listening");

        Run both = run("serve", "--kafka", "broker:9092", "--kafka-port", "9093");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("--kafka-port", "Kafka is external");
        assertThat(run("serve", "--kafka-port", "70000").err()).contains("--kafka-port: must be in [0, 65535]");

        Run level = run("validate", "--log-level", "loud");
        assertThat(level.exit()).isEqualTo(2);
        assertThat(level.err()).contains("--log-level", "'loud'");
    }

    @Test
    void validateListsTheExperimentsOfAGoodConfigurationAndStartsNothing() {
        Run run = run("validate", "--config", "../examples/support-bot.yaml", "--log-level", "error");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("ok, 1 experiment(s)",
                "support-bot: fixed by conversation, then user, then request, arms baseline");
        assertThat(run.out()).doesNotContain("kafka", "router listening");
    }

    @Test
    void validateNamesEveryProblemByExperimentNameAndIndex() throws IOException {
        Path config = Files.writeString(directory.resolve("two.yaml"), """
                experiments:
                  - name: fine
                    arms: [{name: a, model: m}, {name: b, model: m}]
                    reward: {signals: {thumbs_up: 1}}
                  - name: broken
                    unit_fallback: [team]
                    arms: [{name: a, model: m, weight: 0}, {name: b, model: m, weight: 1}]
                    reward: {signals: {thumbs_up: 1}}
                """);

        Run run = run("validate", "--config", config.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("2 problems", "experiments[1] (broken).arms[0].weight: must be > 0",
                "experiments[1] (broken).unit_fallback[0]");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void theVersionComesFromTheBuildAndEverySummaryIsAWholeSentence() {
        Run version = run("--version");
        assertThat(version.exit()).isZero();
        assertThat(version.out()).containsPattern("^sluice \\d+\\.\\d+\\.\\d+");

        String help = run("--help").out();
        String commands = help.substring(help.indexOf("Commands:"));
        for (String command : new String[] {"demo", "serve", "validate"}) {
            java.util.regex.Matcher summary = java.util.regex.Pattern
                    .compile("\\n  " + command + " +([^\\n]+(\\n {10,}[^\\n]+)*)").matcher(commands);
            assertThat(summary.find()).as(command).isTrue();
            assertThat(summary.group(1).strip()).as(command + "'s summary").endsWith(".");
        }
    }

    @Test
    void anUnknownCommandListsTheKnownOnes() {
        Run run = run("deploy");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("Unmatched argument", "deploy");
    }
}

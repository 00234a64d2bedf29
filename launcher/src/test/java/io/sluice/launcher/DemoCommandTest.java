package io.sluice.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The demo as a user runs it, in this JVM: broker, Flink jobs, router, simulated upstream and
 * users, and the report read back from Kafka.
 */
class DemoCommandTest {
    private static final Pattern PROGRESS = Pattern.compile("^\\[\\s*\\d+s\\].*requests.*", Pattern.MULTILINE);

    @TempDir
    Path directory;

    private record Run(int exit, String out, String err) {}

    private static Run demo(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = SluiceCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "demo";
        System.arraycopy(args, 0, all, 1, args.length);
        int exit = cli.execute(all);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void theBanditDemoMovesTrafficToTheBestArmAndSettlesEveryDecision() throws Exception {
        // The bundled bandit, with a short attribution window so that learning shows in seconds.
        Path config = Files.writeString(directory.resolve("bandit.yaml"), """
                jobs: {checkpoint_interval: 1s, out_of_orderness: 1s, idleness: 3s}
                experiments:
                  - name: model-bandit
                    unit: conversation
                    policy: {type: thompson, exploration_floor: 0.02}
                    arms:
                      - {name: small, model: sim-small}
                      - {name: medium, model: sim-medium}
                      - {name: large, model: sim-large}
                    reward:
                      signals: {resolved: 1, thumbs_up: 1, copy: 1, thumbs_down: 0, retry: 0}
                      attribution_window: 2s
                """);

        Run run = demo("--config", config.toString(), "--world", "three-arms", "--duration", "20s", "--users", "6",
                "--data-dir", directory.resolve("data").toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(PROGRESS.matcher(run.out()).results().count()).isGreaterThanOrEqualTo(18);
        Matcher totals = Pattern.compile("model-bandit: (\\d+) exposures, \\d+ feedback signals, (\\d+) outcomes")
                .matcher(run.out());
        assertThat(totals.find()).as(run.out()).isTrue();
        long exposures = Long.parseLong(totals.group(1));
        assertThat(exposures).isPositive();
        assertThat(Long.parseLong(totals.group(2))).as("the drain settles every decision").isEqualTo(exposures);

        Matcher row = Pattern.compile("^(small|medium|large)\\s+(\\d+)\\s+(\\d+)\\s+[\\d.]+%\\s+(\\d+)\\s+([\\d.]+)"
                + "\\s+\\[[\\d.]+, [\\d.]+\\]\\s+([\\d.]+)$", Pattern.MULTILINE).matcher(run.out());
        Map<String, Double> next = new HashMap<>();
        long sum = 0;
        while (row.find()) {
            assertThat(row.group(3)).as("%s: routed requests equal exposures read back", row.group(1))
                    .isEqualTo(row.group(2));
            assertThat(row.group(4)).as("%s: one settled outcome per exposure", row.group(1)).isEqualTo(row.group(3));
            sum += Long.parseLong(row.group(3));
            next.put(row.group(1), Double.parseDouble(row.group(6)));
        }
        assertThat(next).containsOnlyKeys("small", "medium", "large");
        assertThat(sum).isEqualTo(exposures);
        assertThat(next.get("large")).as("the best arm is the likeliest for the next unit").isGreaterThan(next.get("small"));

        Matcher ratio = Pattern.compile("Thompson sampling lost ([\\d.]+) of what a uniform split would have")
                .matcher(run.out());
        assertThat(ratio.find()).isTrue();
        assertThat(Double.parseDouble(ratio.group(1))).isLessThan(1.0);
        Matcher freshness = Pattern.compile("Posterior freshness.*\\((\\d+) updates\\): p50 ([\\d.]+) s")
                .matcher(run.out());
        assertThat(freshness.find()).isTrue();
        assertThat(Long.parseLong(freshness.group(1))).isPositive();
    }

    @Test
    void theFixedSplitDemoComparesTheArmsFromTheExposuresReadBack() {
        Run run = demo("--config", "../examples/support-bot.yaml", "--duration", "6s", "--users", "4",
                "--data-dir", directory.resolve("data").toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(PROGRESS.matcher(run.out()).results().count()).isGreaterThanOrEqualTo(5);
        Matcher row = Pattern.compile("^(baseline|policy-grounded)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d\\.\\d{3})"
                + "\\s+\\[(\\d\\.\\d{3}), (\\d\\.\\d{3})\\]", Pattern.MULTILINE).matcher(run.out());
        List<String> arms = new ArrayList<>();
        while (row.find()) {
            arms.add(row.group(1));
            long requests = Long.parseLong(row.group(2));
            assertThat(requests).as("%s requests", row.group(1)).isPositive();
            assertThat(Long.parseLong(row.group(3))).as("%s: every routed request's exposure was read back",
                    row.group(1)).isEqualTo(requests);
            double rate = Double.parseDouble(row.group(5));
            assertThat(rate).isBetween(Double.parseDouble(row.group(6)), Double.parseDouble(row.group(7)));
        }
        assertThat(arms).containsExactly("baseline", "policy-grounded");
        assertThat(run.out()).contains("two-proportion z-test", "Ground truth of the simulated upstream");
        assertThat(directory.resolve("data").resolve("kafka").resolve("metadata")).isDirectory();
        assertThat(directory.resolve("data").resolve("checkpoints")).isDirectory();
    }
}

package io.sluice.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The demo as a user runs it, in this JVM: broker, router, simulated upstream and users. */
class DemoCommandTest {
    private static final Pattern ROW = Pattern.compile(
            "^(baseline|policy-grounded)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d\\.\\d{3})\\s+\\[(\\d\\.\\d{3}), (\\d\\.\\d{3})\\]",
            Pattern.MULTILINE);

    @TempDir
    Path dataDir;

    @Test
    void theDemoDrivesTrafficAndPrintsEachArmFromTheExposuresReadBack() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = SluiceCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("demo", "--duration", "6s", "--users", "4", "--data-dir", dataDir.toString());

        String printed = out.toString();
        assertThat(exit).as(err.toString()).isZero();
        assertThat(printed.lines().filter(l -> l.matches("^\\[\\s*\\d+s\\].*requests.*"))).hasSizeGreaterThanOrEqualTo(5);
        Matcher row = ROW.matcher(printed);
        List<String> arms = new java.util.ArrayList<>();
        while (row.find()) {
            arms.add(row.group(1));
            long requests = Long.parseLong(row.group(2));
            long exposures = Long.parseLong(row.group(3));
            double rate = Double.parseDouble(row.group(5));
            assertThat(requests).as("%s requests", row.group(1)).isPositive();
            assertThat(exposures).as("%s: every routed request's exposure was read back from Kafka", row.group(1))
                    .isEqualTo(requests);
            assertThat(rate).isBetween(Double.parseDouble(row.group(6)), Double.parseDouble(row.group(7)));
        }
        assertThat(arms).containsExactly("baseline", "policy-grounded");
        assertThat(printed).contains("two-proportion z-test", "Ground truth of the simulated upstream");
        assertThat(dataDir.resolve("metadata")).as("the broker kept its data where it was told").isDirectory();
    }
}

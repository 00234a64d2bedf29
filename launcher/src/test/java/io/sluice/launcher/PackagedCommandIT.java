package io.sluice.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code sluice} command exactly as a user runs it: the script at the top of the checkout,
 * with the packaged launcher and its runtime classpath ({@code target/lib}), not the test
 * classpath. A jar the packaging leaves out fails here, as it would on a fresh clone.
 */
class PackagedCommandIT {
    private static final Path HOME = Path.of(System.getProperty("sluice.home", "..")).toAbsolutePath().normalize();
    private static final Pattern LISTENING = Pattern.compile("router listening: (http://\\S+/v1)");

    @TempDir
    Path directory;

    /** The script as a child process, its output collected as it comes. */
    private static final class Command implements AutoCloseable {
        final Process process;
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        private final Thread reader;

        Command(String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of("bash", HOME.resolve("sluice").toString()));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command).directory(HOME.toFile()).redirectErrorStream(true);
            builder.environment().put("SLUICE_NO_BUILD", "1");
            builder.environment().put("SLUICE_JAVA_OPTS", "-Xmx1g");
            process = builder.start();
            reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException ended) {
                    // the process is gone
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        int awaitExit(Duration patience) throws InterruptedException {
            if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("still running after " + patience + "; it printed:\n" + output());
            }
            reader.join(10_000);
            return process.exitValue();
        }

        Matcher awaitLine(Pattern pattern, Duration patience) throws InterruptedException {
            long deadline = System.nanoTime() + patience.toNanos();
            while (System.nanoTime() < deadline) {
                synchronized (lines) {
                    for (String line : lines) {
                        Matcher m = pattern.matcher(line);
                        if (m.find()) {
                            return m;
                        }
                    }
                }
                if (!process.isAlive()) {
                    break;
                }
                Thread.sleep(200);
            }
            throw new AssertionError("no line matching " + pattern + "; it printed:\n" + output());
        }

        String output() {
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    @Test
    void theDemoRunsToItsReportFromThePackagedCommand() throws Exception {
        try (Command demo = new Command("demo", "--duration", "20s", "--users", "8",
                "--data-dir", directory.resolve("demo").toString())) {
            int exit = demo.awaitExit(Duration.ofMinutes(4));
            assertThat(exit).as(demo.output()).isZero();
            assertThat(demo.output()).contains("model-bandit:", "exposures", "outcomes settled by the learning path",
                    "Regret over");
        }
    }

    @Test
    void serveAnswersTheOpenAiApiFromThePackagedCommandAndStopsOnSigterm() throws Exception {
        try (Command serve = new Command("serve", "--port", "0", "--data-dir", directory.resolve("serve").toString())) {
            String baseUrl = serve.awaitLine(LISTENING, Duration.ofMinutes(2)).group(1);
            HttpClient http = HttpClient.newHttpClient();

            HttpResponse<String> models = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/models/model-bandit"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(models.statusCode()).isEqualTo(200);

            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/chat/completions"))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"model":"model-bandit","user":"packaged-smoke",
                             "messages":[{"role":"user","content":"Where is my parcel?"}]}"""))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).contains("\"id\":\"req_", "\"content\":");

            serve.process.destroy();
            assertThat(serve.awaitExit(Duration.ofSeconds(60))).as("exit code after SIGTERM").isIn(0, 143);
        }
    }
}

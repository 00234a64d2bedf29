package io.sluice.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice serve} as its own process, the way it runs for real: it serves until it gets a
 * stop signal, and its embedded broker keeps its data across restarts.
 */
class ServeCommandTest {
    private static final Pattern LISTENING = Pattern.compile("router listening: (http://\\S+/v1)");

    @TempDir
    Path directory;

    /** A running {@code sluice serve} child process and what it printed. */
    private static final class ServeProcess implements AutoCloseable {
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final List<String> all = Collections.synchronizedList(new ArrayList<>());
        final Thread reader;

        ServeProcess(Path config, Path dataDir) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.sluice.launcher.Main",
                    "serve", "--config", config.toString(), "--data-dir", dataDir.toString())
                    .redirectErrorStream(true)
                    .start();
            reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        lines.add(line);
                        all.add(line);
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        String awaitLine(Pattern pattern) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                if (line != null && pattern.matcher(line).find()) {
                    return line;
                }
                if (line == null && !process.isAlive()) {
                    break;
                }
            }
            throw new AssertionError("no line matching " + pattern + "; the process printed:\n" + String.join("\n", all));
        }

        int stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("sluice serve did not stop on SIGTERM");
            }
            reader.join(10_000);
            return process.exitValue();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    @Test
    void servesTheOpenAiApiUntilStoppedAndKeepsItsDataAcrossRestarts() throws Exception {
        Path config = Files.writeString(directory.resolve("sluice.yaml"), """
                router: {port: 0}
                kafka: {embedded_port: 0, partitions: 1}
                experiments:
                  - name: support-bot
                    unit: user
                    arms:
                      - {name: baseline, model: sim-support, system_prompt: "Be helpful."}
                      - {name: policy-grounded, model: sim-support, system_prompt: "Be helpful, cite the relevant return or shipping policy."}
                    reward: {signals: {thumbs_up: 1}}
                """);
        Path data = directory.resolve("kafka");

        try (ServeProcess first = new ServeProcess(config, data)) {
            first.awaitLine(Pattern.compile("13 topics created, 0 already there"));
            String baseUrl = matchOf(first.awaitLine(LISTENING));
            java.net.http.HttpResponse<String> ready = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl.replace("/v1", "/readyz"))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).as("the router and the three jobs run: %s", ready.body()).isEqualTo(200);
            List<String> sockets = ListeningSockets.of(first.process.pid());
            assertThat(sockets).as("the router, the broker and three embedded Flink clusters listen")
                    .hasSizeGreaterThanOrEqualTo(5);
            assertThat(sockets).as("every socket binds where the configuration says: loopback here")
                    .noneMatch(ListeningSockets::isWildcard);
            OpenAIClient sdk = OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey("sk-app").maxRetries(0).build();
            try (HttpResponseFor<ChatCompletion> raw = sdk.chat().completions().withRawResponse().create(
                    ChatCompletionCreateParams.builder().model("support-bot").addUserMessage("Where is my parcel?")
                            .putAdditionalHeader("Sluice-User", "user-1").build())) {
                assertThat(raw.statusCode()).isEqualTo(200);
                assertThat(raw.headers().values("sluice-arm")).hasSize(1);
                assertThat(raw.parse().choices().get(0).message().content()).isPresent();
            } finally {
                sdk.close();
            }
            assertThat(first.stop()).as("exit code after SIGTERM").isIn(0, 143);
            // Its own output after the signal does not reliably reach a Java parent, so the proof of
            // an orderly stop is the marker Kafka writes when it closes its logs cleanly.
            assertThat(data.resolve("kafka").resolve("partitions").resolve(".kafka_cleanshutdown")).exists();
        }

        try (ServeProcess second = new ServeProcess(config, data)) {
            second.awaitLine(Pattern.compile("0 topics created, 13 already there"));
            second.awaitLine(LISTENING);
            second.stop();
        }
    }

    private static String matchOf(String line) {
        Matcher m = LISTENING.matcher(line);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}

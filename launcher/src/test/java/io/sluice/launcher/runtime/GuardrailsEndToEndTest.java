package io.sluice.launcher.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.broker.TopicReader;
import io.sluice.core.config.SluiceConfig;
import io.sluice.core.config.SluiceConfigReader;
import io.sluice.core.event.Control;
import io.sluice.core.event.ControlAction;
import io.sluice.core.event.Exposure;
import io.sluice.core.json.SluiceJson;
import io.sluice.core.topic.Topic;
import io.sluice.flink.guardrails.GuardrailFunction;
import io.sluice.simulator.world.Presets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A guardrail that acts, with everything real: the embedded broker, the four jobs on their
 * MiniClusters, the router and the simulated upstream, with traffic arriving at a fixed rate.
 * The large arm's model slows down three- to fourfold mid-run; the guardrails job pauses the arm
 * within {@code consecutive_windows + 1} windows of the change, the router sends it nothing more,
 * {@code /v1/alerts} shows the breach with its evidence, and an operator's resume works.
 */
class GuardrailsEndToEndTest {
    private static final Duration WINDOW = Duration.ofSeconds(2);
    private static final int CONSECUTIVE = 2;
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String TOKEN = "guard-admin-token";
    private static final int RATE_PER_SECOND = 40;

    @TempDir
    static Path directory;

    private static SluiceRuntime runtime;
    private static ScheduledExecutorService traffic;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Map<String, AtomicLong> servedByArm = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        Path token = Files.writeString(directory.resolve("admin.token"), TOKEN);
        SluiceConfig config = SluiceConfigReader.parse("""
                router: {port: 0, admin_token_file: %s}
                kafka: {data_dir: %s, embedded_port: 0, partitions: 1}
                jobs:
                  checkpoint_dir: %s
                  checkpoint_interval: 500ms
                  out_of_orderness: 500ms
                  idleness: 1s
                experiments:
                  - name: guarded
                    unit: request
                    arms:
                      - {name: small, model: sim-small, weight: 1}
                      - {name: large, model: sim-large, weight: 1}
                    reward: {signals: {thumbs_up: 1}}
                    trace_sample_rate: 0
                    guardrails:
                      - {metric: latency_p95_ms, max: 800, window: %ds, consecutive_windows: %d, min_samples: 10,
                         action: pause}
                  - name: canary
                    unit: request
                    arms:
                      - {name: small, model: sim-small, weight: 1}
                      - {name: medium, model: sim-medium, weight: 1}
                    reward: {signals: {thumbs_up: 1}}
                    trace_sample_rate: 0
                    rollout: {steps: [0.3, 1.0], min_step_duration: 4s, clean_windows: 2}
                    guardrails:
                      - {metric: error_rate, max: 0.5, window: 2s, min_samples: 3}
                """.formatted(token, directory.resolve("kafka"), directory.resolve("checkpoints"), WINDOW.toSeconds(),
                CONSECUTIVE), "test");
        runtime = SluiceRuntime.builder(config).simulatedUpstream(Presets.named("three-arms"))
                .start(new PrintWriter(new StringWriter(), true));
        traffic = Executors.newSingleThreadScheduledExecutor();
        traffic.scheduleAtFixedRate(GuardrailsEndToEndTest::ask, 0, 1_000_000 / RATE_PER_SECOND,
                TimeUnit.MICROSECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (traffic != null) {
            traffic.shutdownNow();
            traffic.awaitTermination(5, TimeUnit.SECONDS);
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void anArmWhoseLatencyTriplesIsPausedInTimeGetsNoMoreTrafficAndCanBeResumed() throws Exception {
        Thread.sleep(3 * WINDOW.toMillis());
        assertThat(controls().stream().filter(c -> c.experiment().equals("guarded")))
                .as("stable traffic: no breach acts").isEmpty();

        Instant degradedFrom = Instant.now();
        runtime.simulatedUpstream().orElseThrow().degradation(Presets.LARGE_MODEL)
                .startAfter(Duration.ZERO, Duration.ofSeconds(1), 0.0);

        Control pause = awaitControl();
        assertThat(pause.action()).isEqualTo(ControlAction.PAUSE);
        assertThat(pause.arm()).isEqualTo("large");
        assertThat(pause.issuedBy()).isEqualTo(GuardrailFunction.ISSUER);
        Duration delay = Duration.between(degradedFrom, pause.issuedAt());
        System.out.printf("paused %d ms (event time) after the change, windows of %d ms%n", delay.toMillis(),
                WINDOW.toMillis());
        assertThat(delay).as("within consecutive_windows + 1 windows of the change")
                .isLessThanOrEqualTo(WINDOW.multipliedBy(CONSECUTIVE + 1));

        awaitUntil(() -> runtime.router().experiments().find("guarded").orElseThrow().controls().isPaused("large"));
        Instant pausedAt = Instant.now();
        Thread.sleep(1500);
        List<Exposure> decidedSince = exposures().stream().filter(e -> e.decidedAt().isAfter(pausedAt)).toList();
        assertThat(decidedSince).as("traffic flows on").hasSizeGreaterThan(RATE_PER_SECOND / 2)
                .as("no new unit reaches the paused arm").noneMatch(e -> e.arm().equals("large"))
                .allSatisfy(e -> assertThat(e.policyVersion()).endsWith("/paused:large"));

        JsonNode alerts = json(get("/v1/alerts?experiment=guarded&kind=guardrail_breach").body());
        assertThat(alerts.get("data")).isNotEmpty();
        JsonNode breach = alerts.get("data").get(0);
        assertThat(breach.get("subject").asText()).isEqualTo("large");
        assertThat(breach.at("/evidence/statistic").asText()).isEqualTo("latency_p95_ms");
        assertThat(breach.at("/evidence/value").asDouble()).isGreaterThanOrEqualTo(1000.0);
        assertThat(breach.at("/evidence/threshold").asDouble()).isEqualTo(800.0);
        assertThat(breach.at("/evidence/observations").asLong()).isGreaterThanOrEqualTo(10);

        runtime.simulatedUpstream().orElseThrow().degradation(Presets.LARGE_MODEL).stop();
        HttpResponse<String> resumed = HTTP.send(HttpRequest.newBuilder(uri("/admin/experiments/guarded/arms/large/resume"))
                .header("authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\": \"the model is fixed\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
        long afterResume = served("large");
        awaitUntil(() -> served("large") > afterResume + 10);
    }

    /**
     * A guarded canary: it starts at 30% of the units; once its step has lasted 4 s and 2 windows in
     * a row were clean, the job advances it and the router sends every unit into the experiment.
     */
    @Test
    void aCanaryWhoseGuardrailsStayCleanIsRolledOutToEveryUnit() throws Exception {
        var canary = runtime.router().experiments().find("canary").orElseThrow();
        assertThat(canary.traffic()).isEqualTo(0.3);
        for (int i = 0; i < 40; i++) {
            ask("canary");
        }
        awaitUntil(() -> {
            for (int i = 0; i < 5; i++) {
                ask("canary");
            }
            return canary.controls().rolloutStep() == 1;
        });
        assertThat(canary.traffic()).isEqualTo(1.0);
        Control advance = controls().stream().filter(c -> c.action() == ControlAction.ADVANCE).findFirst().orElseThrow();
        assertThat(advance.experiment()).isEqualTo("canary");
        assertThat(advance.step()).isEqualTo(1);
        // At least the 2 clean windows, and at least the 4 s: whichever comes last decided it.
        assertThat(advance.reason()).containsPattern("after ([2-9]|\\d\\d+) clean windows in a row and ([4-9]|\\d\\d+) s at traffic 0.3");

        Instant rolledOut = Instant.now();
        for (int i = 0; i < 30; i++) {
            ask("canary").join();
        }
        List<Exposure> after = exposures().stream()
                .filter(e -> e.experiment().equals("canary") && e.decidedAt().isAfter(rolledOut)).toList();
        assertThat(after).hasSizeGreaterThanOrEqualTo(30).allSatisfy(e -> {
            assertThat(e.inExperiment()).as("every unit is in at the last step").isTrue();
            assertThat(e.policyVersion()).endsWith("/rollout:1");
        });
    }

    private static void ask() {
        ask("guarded");
    }

    private static java.util.concurrent.CompletableFuture<Void> ask(String experiment) {
        return HTTP.sendAsync(HttpRequest.newBuilder(uri("/v1/chat/completions")).header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("""
                                {"model": "%s", "messages": [{"role": "user", "content": "Where is my order?"}]}"""
                                .formatted(experiment)))
                        .build(), HttpResponse.BodyHandlers.ofString())
                .thenAccept(response -> response.headers().firstValue("sluice-arm")
                        .ifPresent(arm -> servedByArm.computeIfAbsent(arm, a -> new AtomicLong()).incrementAndGet()));
    }

    /** Requests routed to the arm so far (counted when their answer came). */
    private static long served(String arm) {
        return servedByArm.getOrDefault(arm, new AtomicLong()).get();
    }

    private static List<Exposure> exposures() {
        return TopicReader.readAll(runtime.bootstrapServers(), runtime.topics().of(Topic.EXPOSURES), Exposure.class,
                Duration.ofSeconds(5)).values();
    }

    private static List<Control> controls() {
        return new ArrayList<>(TopicReader.readAll(runtime.bootstrapServers(), runtime.topics().of(Topic.CONTROLS),
                Control.class, Duration.ofSeconds(5)).values());
    }

    private static Control awaitControl() throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            List<Control> seen = controls().stream().filter(c -> c.experiment().equals("guarded")).toList();
            if (!seen.isEmpty()) {
                return seen.get(0);
            }
            Thread.sleep(250);
        }
        List<Exposure> exposures = exposures();
        throw new AssertionError("no control within " + PATIENCE + "; alerts: " + get("/v1/alerts").body()
                + "; dead letters: " + TopicReader.readAll(runtime.bootstrapServers(),
                        runtime.topics().of(Topic.DEAD_LETTERS), io.sluice.core.event.DeadLetter.class,
                        Duration.ofSeconds(5)).values()
                + "; exposures " + exposures.size() + ", last: " + exposures.subList(Math.max(0, exposures.size() - 3),
                        exposures.size()) + "; jobs: " + runtime.learningPath().orElseThrow().readiness().stream()
                        .map(c -> c.problem().orElse("ok")).toList());
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void awaitUntil(Condition condition) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + PATIENCE);
            }
            Thread.sleep(100);
        }
    }

    private static JsonNode json(String body) {
        return SluiceJson.fromJson(body, JsonNode.class);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + runtime.router().port() + path);
    }
}

package io.sluice.launcher.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.broker.TopicReader;
import io.sluice.core.config.SluiceConfig;
import io.sluice.core.config.SluiceConfigReader;
import io.sluice.core.event.DeadLetter;
import io.sluice.core.event.DeadLetterCause;
import io.sluice.core.event.Label;
import io.sluice.core.event.Outcome;
import io.sluice.core.event.Reward;
import io.sluice.core.json.SluiceJson;
import io.sluice.core.topic.Topic;
import io.sluice.simulator.world.Presets;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an app that names its answers wrongly sees, with everything real: the embedded broker, the
 * three jobs on their MiniClusters, the router and a simulated upstream. An id that is no Sluice id
 * is refused at the edge; a well-formed id that was never issued is accepted, given up by the jobs
 * after their (short, here) waits, and then shows in {@code /healthz} and {@code /metrics}.
 */
class UnmatchedFeedbackEndToEndTest {
    private static final Duration ORPHAN_TTL = Duration.ofSeconds(2);
    private static final Duration PAIR_TTL = Duration.ofSeconds(3);
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String NEVER_ISSUED = "req_0123456789abcdef0123456789abcdef";

    @TempDir
    static Path directory;

    private static SluiceRuntime runtime;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        SluiceConfig config = SluiceConfigReader.parse("""
                router: {port: 0}
                kafka: {data_dir: %s, embedded_port: 0, partitions: 1}
                jobs:
                  checkpoint_dir: %s
                  checkpoint_interval: 500ms
                  out_of_orderness: 500ms
                  idleness: 1s
                  orphan_reward_ttl: %ds
                  pair_ttl: %ds
                experiments:
                  - name: model-bandit
                    unit: conversation
                    policy: thompson
                    arms:
                      - {name: small, model: sim-small}
                      - {name: large, model: sim-large}
                    reward:
                      signals: {thumbs_up: 1, thumbs_down: 0}
                      attribution_window: 1s
                    judge:
                      enabled: false
                      rubric: {id: support, version: 1, axes: [{name: overall, levels: {1: bad, 5: good}}]}
                """.formatted(directory.resolve("kafka"), directory.resolve("checkpoints"), ORPHAN_TTL.toSeconds(),
                PAIR_TTL.toSeconds()), "test");
        runtime = SluiceRuntime.builder(config).simulatedUpstream(Presets.named("three-arms"))
                .start(new PrintWriter(new StringWriter(), true));
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void feedbackAndALabelForANeverIssuedIdAndLateFeedbackBecomeDeadLettersWithTheirReasonAndShowInHealthAndMetrics()
            throws Exception {
        assertThat(metrics()).as("at zero before the first")
                .contains("sluice_router_dead_letters_total{cause=\"unmatched_reward\",source=\"rewards\"} 0.0");
        String issued = chat().get("id").asText();
        assertThat(post("/v1/feedback", "{\"request_id\":\"" + issued + "\",\"signal\":\"thumbs_up\"}").statusCode())
                .isEqualTo(202);

        HttpResponse<String> notAnId = post("/v1/feedback", "{\"request_id\":\"chatcmpl-abc\",\"signal\":\"thumbs_up\"}");
        assertThat(notAnId.statusCode()).as("what can never match is refused at the edge").isEqualTo(400);
        assertThat(json(notAnId.body()).at("/error/code").asText()).isEqualTo("unknown_request_id");

        Instant sent = Instant.now();
        assertThat(post("/v1/feedback", "{\"request_id\":\"" + NEVER_ISSUED + "\",\"signal\":\"thumbs_up\"}")
                .statusCode()).as("well-formed: only the jobs can tell").isEqualTo(202);
        assertThat(post("/v1/labels", "{\"request_id\":\"" + NEVER_ISSUED + "\",\"annotator\":\"ann-1\",\"label\":4}")
                .statusCode()).isEqualTo(202);

        List<DeadLetter> deadLetters = awaitDeadLetters(2);
        assertThat(deadLetters).extracting(DeadLetter::key).as("the answer that was issued met its feedback")
                .containsOnly(NEVER_ISSUED);
        DeadLetter reward = only(deadLetters, DeadLetterCause.UNMATCHED_REWARD);
        assertThat(reward.sourceTopic()).isEqualTo(runtime.topics().of(Topic.REWARDS));
        assertThat(reward.reason()).startsWith("unmatched thumbs_up reward: no exposure with request_id "
                + NEVER_ISSUED + " arrived within the orphan TTL (2s): the id was never issued");
        Reward original = SluiceJson.fromBytes(reward.original(), Reward.class);
        assertThat(original.requestId()).isEqualTo(NEVER_ISSUED);
        assertThat(reward.failedAt()).as("given up once its TTL had run out, not before")
                .isAfterOrEqualTo(original.occurredAt().plus(ORPHAN_TTL));
        DeadLetter label = only(deadLetters, DeadLetterCause.UNMATCHED_LABEL);
        assertThat(label.sourceTopic()).isEqualTo(runtime.topics().of(Topic.LABELS));
        assertThat(label.reason()).contains("no judge score for request_id " + NEVER_ISSUED, "pair TTL (3s)");
        assertThat(SluiceJson.fromBytes(label.original(), Label.class).annotator()).isEqualTo("ann-1");
        assertThat(label.failedAt()).isAfterOrEqualTo(sent.plus(PAIR_TTL));

        awaitUntil(() -> json(get("/healthz").body()).at("/unmatched/rewards").asLong() == 1
                && json(get("/healthz").body()).at("/unmatched/labels").asLong() == 1);
        assertThat(json(get("/healthz").body()).get("status").asText()).isEqualTo("ok");
        assertThat(metrics()).contains(
                "sluice_router_dead_letters_total{cause=\"unmatched_reward\",source=\"rewards\"} 1.0",
                "sluice_router_dead_letters_total{cause=\"unmatched_label\",source=\"labels\"} 1.0");

        // Feedback for the issued answer after its outcome was settled: never applied, never silent.
        awaitUntil(() -> TopicReader.readAll(runtime.bootstrapServers(), runtime.topics().of(Topic.OUTCOMES),
                Outcome.class, Duration.ofSeconds(5)).values().stream().anyMatch(o -> o.requestId().equals(issued)));
        assertThat(post("/v1/feedback", "{\"request_id\":\"" + issued + "\",\"signal\":\"thumbs_down\"}")
                .statusCode()).isEqualTo(202);
        DeadLetter late = only(awaitDeadLetters(3), DeadLetterCause.LATE_REWARD);
        assertThat(late.key()).isEqualTo(issued);
        assertThat(late.reason()).startsWith("late thumbs_down reward: the outcome of request_id " + issued
                + " was settled at ");
        awaitUntil(() -> json(get("/healthz").body()).at("/late/rewards").asLong() == 1);
        assertThat(metrics()).contains(
                "sluice_router_dead_letters_total{cause=\"late_reward\",source=\"rewards\"} 1.0");
    }

    private static List<DeadLetter> awaitDeadLetters(int count) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        List<DeadLetter> seen = List.of();
        while (System.nanoTime() < deadline) {
            seen = TopicReader.readAll(runtime.bootstrapServers(), runtime.topics().of(Topic.DEAD_LETTERS),
                    DeadLetter.class, Duration.ofSeconds(10)).values();
            if (seen.size() >= count) {
                return seen;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("expected " + count + " dead letters within " + PATIENCE + ", saw " + seen);
    }

    private static DeadLetter only(List<DeadLetter> deadLetters, DeadLetterCause cause) {
        List<DeadLetter> of = deadLetters.stream().filter(d -> d.cause() == cause).toList();
        assertThat(of).as(cause.wireName()).hasSize(1);
        return of.get(0);
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void awaitUntil(Condition condition) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + PATIENCE + ": /healthz " + get("/healthz").body());
            }
            Thread.sleep(200);
        }
    }

    private static JsonNode chat() throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions", """
                {"model": "model-bandit", "messages": [{"role": "user", "content": "Where is my order?"}]}""");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }

    private static String metrics() throws Exception {
        return get("/metrics").body();
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("content-type", "application/json")
                .header("Sluice-Conversation", "conv-1")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + runtime.router().port() + path);
    }

    private static JsonNode json(String body) throws IOException {
        return SluiceJson.mapper().readTree(body);
    }
}

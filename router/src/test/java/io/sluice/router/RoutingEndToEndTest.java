package io.sluice.router;

import static io.sluice.router.RouterFixture.chat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.sluice.core.event.CallOutcome;
import io.sluice.core.event.Exposure;
import io.sluice.core.event.Label;
import io.sluice.core.event.PolicyType;
import io.sluice.core.event.Reward;
import io.sluice.core.event.Signal;
import io.sluice.core.event.Trace;
import io.sluice.core.event.UnitType;
import io.sluice.core.json.SluiceJson;
import io.sluice.core.topic.Topic;
import io.sluice.simulator.quality.QualityMark;
import io.sluice.simulator.upstream.ReceivedRequest;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests through the router as an app makes them, and what reaches Kafka. */
class RoutingEndToEndTest {
    @TempDir
    static Path directory;

    static RouterFixture fixture;
    static OpenAIClient sdk;

    @BeforeAll
    static void start() throws Exception {
        fixture = RouterFixture.start(directory, "reject");
        sdk = fixture.sdk();
    }

    @AfterAll
    static void stop() {
        if (sdk != null) {
            sdk.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    private static ChatCompletionCreateParams question(String conversation, String text) {
        return ChatCompletionCreateParams.builder()
                .model("support-bot")
                .addUserMessage(text)
                .putAdditionalHeader("Sluice-Conversation", conversation)
                .build();
    }

    private static Exposure exposureOf(String requestId) {
        return fixture.exposureOf(requestId);
    }

    @Test
    void theOfficialSdkGetsAnAnswerAndTheDecisionReachesTheExposuresTopic() {
        String requestId;
        String arm;
        try (HttpResponseFor<ChatCompletion> raw = sdk.chat().completions().withRawResponse()
                .create(question("conv-sdk-1", "My package hasn't arrived. It's been 8 days."))) {
            ChatCompletion completion = raw.parse();
            String content = completion.choices().get(0).message().content().orElseThrow();
            assertThat(QualityMark.read(content)).isPresent();
            assertThat(raw.headers().values("sluice-experiment")).containsExactly("support-bot");
            requestId = raw.headers().values("sluice-request-id").get(0);
            arm = raw.headers().values("sluice-arm").get(0);
        }

        Exposure exposure = exposureOf(requestId);
        assertThat(exposure.experiment()).isEqualTo("support-bot");
        assertThat(exposure.arm()).isEqualTo(arm).isIn("baseline", "policy-grounded");
        assertThat(exposure.unitType()).isEqualTo(UnitType.CONVERSATION);
        assertThat(exposure.unit()).isEqualTo("conv-sdk-1");
        assertThat(exposure.propensity()).isEqualTo(0.5);
        assertThat(exposure.policy()).isEqualTo(PolicyType.FIXED);
        assertThat(exposure.policyVersion()).startsWith("fixed@");
        assertThat(exposure.inExperiment()).isTrue();
        assertThat(exposure.outcome()).isEqualTo(CallOutcome.OK);
        assertThat(exposure.status()).isEqualTo(200);
        assertThat(exposure.completionTokens()).isPositive();
        assertThat(exposure.stream()).isFalse();
        assertThat(exposure.ttftMs()).as("no first token of an answer in one piece").isNull();
    }

    @Test
    void theUpstreamSeesTheArmsRequestAndTheRoutersKeyNeverTheApps() {
        HttpResponse<String> response = fixture.post("/v1/chat/completions", """
                {"model":"support-bot","temperature":1.5,"max_tokens":20,
                 "messages":[{"role":"system","content":"Customer: Ada, order #44129."},
                             {"role":"user","content":"Why was I charged twice for order #44129?"}]}""",
                Map.of("Sluice-Conversation", "conv-rewrite"));
        assertThat(response.statusCode()).isEqualTo(200);
        String arm = response.headers().firstValue("sluice-arm").orElseThrow();

        ReceivedRequest seen = fixture.upstream.received().all().stream()
                .filter(r -> r.lastUserMessage().contains("charged twice for order #44129")).reduce((a, b) -> b)
                .orElseThrow();
        assertThat(seen.model()).isEqualTo("sim-support");
        assertThat(seen.bearerToken()).contains(RouterFixture.UPSTREAM_KEY);
        assertThat(seen.authorization()).doesNotContain(RouterFixture.APP_KEY);
        assertThat(seen.parameters().get("temperature").asDouble()).isEqualTo(0.3);
        assertThat(seen.parameters().get("max_tokens").asInt()).isEqualTo(400);
        assertThat(seen.systemPrompts().get(0))
                .isEqualTo(arm.equals("baseline") ? "Be helpful."
                        : "Be helpful, cite the relevant return or shipping policy, and use the customer's name from "
                                + "the order context.");
        assertThat(seen.systemPrompts().get(1)).isEqualTo("Customer: Ada, order #44129.");
        assertThat(seen.header("Sluice-Conversation")).isEmpty();
    }

    @Test
    void streamsAreRelayedChunkByChunkAsTheyArrive() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(fixture.url("/v1/chat/completions")))
                .header("content-type", "application/json")
                .header("Sluice-Conversation", "conv-stream-raw")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"model":"support-bot","stream":true,
                         "messages":[{"role":"user","content":"Can I change the delivery address?"}]}"""))
                .build();
        HttpResponse<InputStream> response = fixture.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        List<Long> arrivals = new ArrayList<>();
        StringBuilder events = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("data:")) {
                    arrivals.add(System.nanoTime());
                    events.append(line).append('\n');
                }
            }
        }

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).contains("text/event-stream");
        assertThat(response.headers().firstValue("sluice-arm")).isPresent();
        assertThat(events.toString()).endsWith("data: [DONE]\n");
        // The simulated upstream spaces its chunks 25 ms apart. Had the router buffered the
        // answer, every event would have arrived in one burst at the end.
        assertThat(arrivals.size()).isGreaterThan(10);
        long spreadMs = (arrivals.get(arrivals.size() - 1) - arrivals.get(0)) / 1_000_000;
        assertThat(spreadMs).isGreaterThanOrEqualTo((arrivals.size() - 3) * 25L / 2);
        String requestId = response.headers().firstValue("sluice-request-id").orElseThrow();
        Exposure exposure = exposureOf(requestId);
        assertThat(exposure.stream()).isTrue();
        assertThat(exposure.outcome()).isEqualTo(CallOutcome.OK);
        // The first token comes after the upstream's 20 ms; the rest of the stream took spreadMs more.
        assertThat(exposure.ttftMs()).isBetween(20L, exposure.latencyMs() - spreadMs / 2);
    }

    @Test
    void theOfficialSdkReadsAStreamedAnswer() {
        StringBuilder content = new StringBuilder();
        String arm;
        try (HttpResponseFor<StreamResponse<ChatCompletionChunk>> raw = sdk.chat().completions().withRawResponse()
                .createStreaming(question("conv-sdk-stream", "The item I received is damaged. What are my options?"));
             StreamResponse<ChatCompletionChunk> chunks = raw.parse()) {
            chunks.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(content::append)));
            arm = raw.headers().values("sluice-arm").get(0);
        }

        assertThat(arm).isIn("baseline", "policy-grounded");
        assertThat(QualityMark.read(content.toString())).isPresent();
    }

    @Test
    void aConversationKeepsItsArmOnEveryTurn() {
        Map<String, String> firstArm = new HashMap<>();
        for (int turn = 0; turn < 3; turn++) {
            for (int c = 0; c < 12; c++) {
                String conversation = "conv-sticky-" + c;
                HttpResponse<String> response = fixture.post("/v1/chat/completions",
                        chat("support-bot", "turn " + turn), Map.of("Sluice-Conversation", conversation));
                String arm = response.headers().firstValue("sluice-arm").orElseThrow();
                assertThat(firstArm.computeIfAbsent(conversation, k -> arm)).as(conversation).isEqualTo(arm);
            }
        }
        assertThat(firstArm.values()).as("twelve conversations land on both arms").contains("baseline",
                "policy-grounded");
    }

    @Test
    void exposuresCarryTheArmUnitAndPropensityOfEachDecision() {
        Map<String, String[]> sent = new HashMap<>();
        for (int u = 0; u < 40; u++) {
            HttpResponse<String> response = fixture.post("/v1/chat/completions",
                    "{\"model\":\"by-user\",\"user\":\"user-" + u + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                    Map.of());
            assertThat(response.statusCode()).isEqualTo(200);
            sent.put(response.headers().firstValue("sluice-request-id").orElseThrow(),
                    new String[] {response.headers().firstValue("sluice-arm").orElseThrow(), "user-" + u});
        }

        Map<String, Exposure> logged = await().atMost(RouterFixture.TIMEOUT).until(
                () -> fixture.read(Topic.EXPOSURES, Exposure.class).stream()
                        .filter(e -> sent.containsKey(e.requestId()))
                        .collect(Collectors.toMap(Exposure::requestId, Function.identity())),
                m -> m.size() == sent.size());
        sent.forEach((requestId, armAndUnit) -> {
            Exposure e = logged.get(requestId);
            assertThat(e.arm()).isEqualTo(armAndUnit[0]);
            assertThat(e.unit()).isEqualTo(armAndUnit[1]);
            assertThat(e.unitType()).isEqualTo(UnitType.USER);
            assertThat(e.propensity()).isEqualTo(e.arm().equals("a") ? 0.75 : 0.25);
        });
    }

    @Test
    void sampledTracesHoldWhatTheUpstreamSawAndItsAnswer() {
        HttpResponse<String> response = fixture.post("/v1/chat/completions",
                chat("support-bot", "I want to return a shoe I bought last month."),
                Map.of("Sluice-Conversation", "conv-trace"));
        String requestId = response.headers().firstValue("sluice-request-id").orElseThrow();
        JsonNode body = SluiceJson.fromJson(response.body(), JsonNode.class);

        Trace trace = await().atMost(RouterFixture.TIMEOUT).until(
                () -> fixture.read(Topic.TRACES, Trace.class).stream()
                        .filter(t -> t.requestId().equals(requestId)).findFirst(), Optional::isPresent).orElseThrow();
        assertThat(trace.arm()).isEqualTo(response.headers().firstValue("sluice-arm").orElseThrow());
        assertThat(trace.messages().get(0).role()).isEqualTo("system");
        assertThat(trace.messages().get(1).content()).isEqualTo("I want to return a shoe I bought last month.");
        assertThat(trace.response()).isEqualTo(body.at("/choices/0/message/content").asText());
        assertThat(trace.finishReason()).isEqualTo("stop");
    }

    @Test
    void feedbackAndLabelsAreAcceptedOnceKafkaHasThem() {
        java.time.Instant anHourAgo = java.time.Instant.now().minusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String inParis = anHourAgo.atOffset(java.time.ZoneOffset.ofHours(1)).toString();
        HttpResponse<String> thumbs = fixture.post("/v1/feedback",
                "{\"request_id\":\"req_00000000000000000000000000000fb1\",\"signal\":\"thumbs_up\",\"timestamp\":\"" + inParis + "\"}",
                Map.of());
        HttpResponse<String> score = fixture.post("/v1/feedback",
                "{\"request_id\":\"req_00000000000000000000000000000fb1\",\"signal\":\"score\",\"value\":0.8}", Map.of());
        HttpResponse<String> label = fixture.post("/v1/labels",
                "{\"request_id\":\"req_00000000000000000000000000000fb1\",\"annotator\":\"ann-7\",\"label\":4}", Map.of());

        assertThat(thumbs.statusCode()).isEqualTo(202);
        assertThat(score.statusCode()).isEqualTo(202);
        assertThat(label.statusCode()).isEqualTo(202);
        assertThat(SluiceJson.fromJson(thumbs.body(), JsonNode.class).get("status").asText()).isEqualTo("accepted");
        // 202 means acknowledged by Kafka: the rewards are on the topic without waiting.
        List<Reward> rewards = fixture.read(Topic.REWARDS, Reward.class).stream()
                .filter(r -> r.requestId().equals("req_00000000000000000000000000000fb1")).toList();
        assertThat(rewards).extracting(Reward::signal).containsExactlyInAnyOrder(Signal.THUMBS_UP, Signal.SCORE);
        assertThat(rewards).filteredOn(r -> r.signal() == Signal.THUMBS_UP).first()
                .satisfies(r -> assertThat(r.occurredAt()).isEqualTo(anHourAgo));
        assertThat(rewards).filteredOn(r -> r.signal() == Signal.SCORE).first()
                .satisfies(r -> assertThat(r.value()).isEqualTo(0.8));
        assertThat(fixture.read(Topic.LABELS, Label.class)).filteredOn(l -> l.requestId().equals("req_00000000000000000000000000000fb1"))
                .singleElement().satisfies(l -> {
                    assertThat(l.annotator()).isEqualTo("ann-7");
                    assertThat(l.label()).isEqualTo(4);
                });
    }

    @Test
    void theExperimentsAreListedAsModelsAndAnnouncedOnTheirTopic() {
        JsonNode models = SluiceJson.fromJson(fixture.get("/v1/models").body(), JsonNode.class);

        List<String> ids = new ArrayList<>();
        models.get("data").forEach(m -> ids.add(m.get("id").asText()));
        assertThat(ids).containsExactly("support-bot", "by-user", "assistant", "trickling", "flaky", "sluggish");
        assertThat(sdk.models().list().data()).extracting(m -> m.id()).contains("support-bot");
        assertThat(io.sluice.broker.TopicReader.readAll(fixture.kafka.bootstrapServers(),
                fixture.topics.of(Topic.EXPERIMENTS), JsonNode.class, RouterFixture.TIMEOUT).records())
                .extracting(io.sluice.broker.TopicReader.Keyed::key)
                .contains("support-bot", "by-user", "assistant", "trickling", "flaky", "sluggish");
    }

    @Test
    void deadLettersOfUnmatchedFeedbackShowInHealthAndMetrics() throws Exception {
        assertThat(fixture.get("/metrics").body()).as("at zero before the first")
                .contains("sluice_router_dead_letters_total{cause=\"unmatched_label\",source=\"labels\"} 0.0");
        long rewardsBefore = SluiceJson.fromJson(fixture.get("/healthz").body(), JsonNode.class)
                .at("/unmatched/rewards").asLong();
        io.sluice.core.event.Reward orphan = new io.sluice.core.event.Reward(1, "req_000000000000000000000000000dead1",
                Signal.THUMBS_UP, null, java.time.Instant.now(), java.time.Instant.now());
        io.sluice.core.event.DeadLetter dead = new io.sluice.core.event.DeadLetter(1, fixture.topics.of(Topic.REWARDS),
                -1, -1, orphan.requestId(), SluiceJson.toBytes(orphan), "unmatched thumbs_up reward: no exposure",
                io.sluice.core.event.DeadLetterCause.UNMATCHED_REWARD, "test-loop", java.time.Instant.now());
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(Map.of(
                "bootstrap.servers", fixture.kafka.bootstrapServers()),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(fixture.topics.of(Topic.DEAD_LETTERS),
                    fixture.topics.of(Topic.REWARDS), SluiceJson.toBytes(dead))).get();
        }

        await().atMost(RouterFixture.TIMEOUT).untilAsserted(() -> {
            JsonNode health = SluiceJson.fromJson(fixture.get("/healthz").body(), JsonNode.class);
            assertThat(health.at("/unmatched/rewards").asLong()).isEqualTo(rewardsBefore + 1);
            assertThat(fixture.get("/metrics").body()).containsPattern(
                    "sluice_router_dead_letters_total\\{cause=\"unmatched_reward\",source=\"rewards\"} [1-9]");
        });
    }

    @Test
    void readinessReportsWhatAReadinessCheckSaysIsBroken() throws Exception {
        java.util.concurrent.atomic.AtomicReference<String> problem = new java.util.concurrent.atomic.AtomicReference<>();
        io.sluice.core.config.SluiceConfig config = io.sluice.core.config.SluiceConfigReader.parse("""
                router: {port: 0, upstream: {base_url: "%s"}}
                kafka: {topic_prefix: test.}
                """.formatted(fixture.upstream.baseUrl()) + RouterFixture.EXPERIMENTS, "readiness");
        try (RouterServer router = RouterServer.start(config, fixture.kafka.bootstrapServers(),
                java.time.Clock.systemUTC(), List.of(() -> java.util.Optional.ofNullable(problem.get())))) {
            java.net.URI readyz = java.net.URI.create("http://127.0.0.1:" + router.port() + "/readyz");
            HttpResponse<String> ready = fixture.http.send(HttpRequest.newBuilder(readyz).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);

            problem.set("bandit loop job is restarting in a loop: 3 restarts in the last 5 min");
            HttpResponse<String> broken = fixture.http.send(HttpRequest.newBuilder(readyz).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(broken.statusCode()).isEqualTo(503);
            assertThat(SluiceJson.fromJson(broken.body(), JsonNode.class).get("problems").get(0).asText())
                    .isEqualTo(problem.get());
        }
    }

    @Test
    void healthReadinessAndMetricsAreServed() {
        assertThat(fixture.get("/healthz").statusCode()).isEqualTo(200);
        assertThat(fixture.get("/readyz").statusCode()).isEqualTo(200);
        fixture.post("/v1/chat/completions", chat("support-bot", "hello"), Map.of("Sluice-Conversation", "c-m"));

        String metrics = fixture.get("/metrics").body();

        assertThat(metrics).contains("sluice_router_requests_total{", "experiment=\"support-bot\"",
                "sluice_router_events_published_total", "vertx_http_server_requests_total");
        assertThat(metrics).as("the JVM meters the README lists").contains("jvm_memory_used_bytes",
                "jvm_gc_pause_seconds", "jvm_threads_live_threads", "process_cpu_usage", "process_uptime_seconds");
        assertThat(metrics).as("series that exist at zero before their first event")
                .contains("sluice_router_requests_total{arm=\"y\",experiment=\"sluggish\",outcome=\"client_closed\"} 0.0",
                        "sluice_router_events_failed_total{topic=\"labels\"} 0.0",
                        "sluice_router_passthrough_total{outcome=\"ok\"} 0.0",
                        "sluice_router_unit_fallbacks_total{experiment=\"assistant\",unit_type=\"user\"} 0.0",
                        "sluice_router_unit_fallbacks_total{experiment=\"assistant\",unit_type=\"request\"} 0.0")
                .doesNotContain("sluice_router_unit_fallbacks_total{experiment=\"by-user\"");
    }
}

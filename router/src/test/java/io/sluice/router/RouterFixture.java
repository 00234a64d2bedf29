package io.sluice.router;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import io.sluice.broker.EmbeddedKafka;
import io.sluice.broker.EmbeddedKafkaConfig;
import io.sluice.broker.TopicLayout;
import io.sluice.broker.TopicProvisioner;
import io.sluice.broker.TopicReader;
import io.sluice.core.config.SluiceConfig;
import io.sluice.core.config.SluiceConfigReader;
import io.sluice.core.topic.Topic;
import io.sluice.core.topic.TopicNames;
import io.sluice.simulator.upstream.SimulatedUpstream;
import io.sluice.simulator.world.SimulatorConfig;
import io.sluice.simulator.world.Variant;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A router on 127.0.0.1 in front of a simulated upstream, writing to a real single-node Kafka
 * broker. One per test class: starting it takes a couple of seconds.
 */
final class RouterFixture implements AutoCloseable {
    static final String UPSTREAM_KEY = "sk-upstream-secret-4f9a";
    static final String APP_KEY = "sk-app-key-never-forwarded";
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** The arms of the test world: prompt decides quality; two models misbehave on purpose. */
    static final SimulatorConfig WORLD = SimulatorConfig.builder()
            .seed(11)
            .expectedApiKey(UPSTREAM_KEY)
            .addVariant(Variant.builder().name("broken").model("sim-broken").errorRate(1.0).build())
            .addVariant(Variant.builder().name("slow").model("sim-slow").latency(Duration.ofSeconds(5))
                    .timeToFirstToken(Duration.ofSeconds(5)).build())
            .addVariant(Variant.builder().name("trickle").model("sim-trickle").latency(Duration.ofMillis(20))
                    .jitter(Duration.ZERO).timeToFirstToken(Duration.ofMillis(20)).chunkDelay(Duration.ofMillis(900))
                    .chunkWords(3).answerWords(15, 16).build())
            .addVariant(Variant.builder().name("policy").systemPromptContains("cite the relevant").quality(0.62)
                    .latency(Duration.ofMillis(20)).jitter(Duration.ZERO).timeToFirstToken(Duration.ofMillis(20))
                    .chunkDelay(Duration.ofMillis(25)).chunkWords(3).answerWords(40, 60).build())
            .defaultVariant(Variant.builder().name("plain").quality(0.55).latency(Duration.ofMillis(20))
                    .jitter(Duration.ZERO).timeToFirstToken(Duration.ofMillis(20)).chunkDelay(Duration.ofMillis(25))
                    .chunkWords(3).answerWords(40, 60).build())
            .build();

    static final String EXPERIMENTS = """
            experiments:
              - name: support-bot
                unit: conversation
                unit_fallback: []
                arms:
                  - name: baseline
                    model: sim-support
                    system_prompt: "Be helpful."
                    params: {temperature: 0.3, max_tokens: 400}
                  - name: policy-grounded
                    model: sim-support
                    system_prompt: "Be helpful, cite the relevant return or shipping policy, and use the customer's name from the order context."
                    params: {temperature: 0.3, max_tokens: 400}
                reward: {signals: {thumbs_up: 1, thumbs_down: 0}}
                trace_sample_rate: 1.0
                judge:
                  enabled: false
                  rubric: {id: support, version: 1, scale: {min: 1, max: 5}, axes: [{name: overall, levels: {1: bad, 5: good}}]}
              - name: by-user
                unit: user
                unit_fallback: []
                arms: [{name: a, model: sim-support, weight: 3}, {name: b, model: sim-support, weight: 1}]
                reward: {signals: {thumbs_up: 1}}
                trace_sample_rate: 0
              - name: assistant
                description: the defaults an app meets with an unchanged SDK
                unit: conversation
                arms:
                  - {name: terse, model: sim-support, system_prompt: "Answer in one sentence.", params: {max_tokens: 300}}
                  - {name: warm, model: sim-support, system_prompt: "Answer warmly."}
                reward: {signals: {thumbs_up: 1, thumbs_down: 0}}
                trace_sample_rate: 1.0
              - name: trickling
                unit: request
                arms: [{name: x, model: sim-trickle}, {name: y, model: sim-trickle}]
                reward: {signals: {thumbs_up: 1}}
              - name: flaky
                unit: request
                arms: [{name: x, model: sim-broken}, {name: y, model: sim-broken}]
                reward: {signals: {thumbs_up: 1}}
              - name: sluggish
                unit: request
                arms: [{name: x, model: sim-slow}, {name: y, model: sim-slow}]
                reward: {signals: {thumbs_up: 1}}
            """;

    final EmbeddedKafka kafka;
    final SimulatedUpstream upstream;
    final RouterServer router;
    final TopicNames topics;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private RouterFixture(EmbeddedKafka kafka, SimulatedUpstream upstream, RouterServer router, TopicNames topics) {
        this.kafka = kafka;
        this.upstream = upstream;
        this.router = router;
        this.topics = topics;
    }

    static RouterFixture start(Path directory, String unknownModels) throws IOException {
        EmbeddedKafka kafka = new EmbeddedKafka(EmbeddedKafkaConfig.inDirectory(directory.resolve("kafka"))).start();
        TopicNames topics = new TopicNames("test.");
        TopicProvisioner.provision(kafka.bootstrapServers(), topics, TopicLayout.of(2, (short) 1), TIMEOUT);
        SimulatedUpstream upstream = SimulatedUpstream.start(WORLD);
        Path keyFile = Files.writeString(directory.resolve("upstream.key"), UPSTREAM_KEY + "\n");
        SluiceConfig config = SluiceConfigReader.parse("""
                router:
                  port: 0
                  max_body_bytes: 8192
                  unknown_models: %s
                  upstream:
                    base_url: %s
                    api_key_file: %s
                    timeout: 2s
                    idle_timeout: 2s
                kafka:
                  topic_prefix: test.
                """.formatted(unknownModels, upstream.baseUrl(), keyFile) + EXPERIMENTS, "router test");
        RouterServer router = RouterServer.start(config, kafka.bootstrapServers(), Clock.systemUTC());
        return new RouterFixture(kafka, upstream, router, topics);
    }

    String url(String path) {
        return "http://127.0.0.1:" + router.port() + path;
    }

    OpenAIClient sdk() {
        return OpenAIOkHttpClient.builder().baseUrl(router.openAiBaseUrl()).apiKey(APP_KEY).maxRetries(0)
                .responseValidation(true).build();
    }

    HttpResponse<String> post(String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .timeout(TIMEOUT)
                .header("content-type", "application/json")
                .header("authorization", "Bearer " + APP_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).timeout(TIMEOUT).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    <T> List<T> read(Topic topic, Class<T> type) {
        return TopicReader.readAll(kafka.bootstrapServers(), topics.of(topic), type, TIMEOUT).values();
    }

    /** The exposure of a request, once it is on the topic. */
    io.sluice.core.event.Exposure exposureOf(String requestId) {
        return org.awaitility.Awaitility.await().atMost(TIMEOUT).until(
                () -> read(Topic.EXPOSURES, io.sluice.core.event.Exposure.class).stream()
                        .filter(e -> e.requestId().equals(requestId)).findFirst(),
                java.util.Optional::isPresent).orElseThrow();
    }

    static String chat(String model, String question) {
        return """
                {"model":"%s","messages":[{"role":"user","content":"%s"}]}""".formatted(model, question);
    }

    @Override
    public void close() {
        router.close();
        upstream.close();
        kafka.close();
    }
}

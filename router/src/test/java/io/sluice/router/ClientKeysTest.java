package io.sluice.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.sluice.core.config.SluiceConfig;
import io.sluice.core.config.SluiceConfigReader;
import io.sluice.core.event.Exposure;
import io.sluice.core.event.Label;
import io.sluice.core.event.Reward;
import io.sluice.core.topic.Topic;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A router that requires client keys: an app key for requests and feedback, an annotators' key for
 * labels only. Each event carries the name of the key it came with; the keys go nowhere else.
 */
class ClientKeysTest {
    private static final String APP_KEY = "sk-sluice-app-5d1c";
    private static final String ANNOTATOR_KEY = "sk-sluice-annotators-77e0";

    @TempDir
    static Path directory;

    static RouterFixture fixture;
    static RouterServer router;

    @BeforeAll
    static void start() throws Exception {
        fixture = RouterFixture.start(directory, "reject");
        Path appKey = Files.writeString(directory.resolve("app.key"), APP_KEY + "\n");
        Path annotatorKey = Files.writeString(directory.resolve("annotators.key"), ANNOTATOR_KEY);
        SluiceConfig config = SluiceConfigReader.parse("""
                router:
                  port: 0
                  upstream: {base_url: "%s", api_key_file: %s}
                  client_keys:
                    - {name: support-app, key_file: %s, allow: [requests, feedback]}
                    - {name: annotators, key_file: %s, allow: [labels]}
                kafka: {topic_prefix: test.}
                """.formatted(fixture.upstream.baseUrl(), directory.resolve("upstream.key"), appKey, annotatorKey)
                + RouterFixture.EXPERIMENTS, "client keys");
        router = RouterServer.start(config, fixture.kafka.bootstrapServers(), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (router != null) {
            router.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    private static OpenAIClient sdk(String key) {
        return OpenAIOkHttpClient.builder().baseUrl(router.openAiBaseUrl()).apiKey(key).maxRetries(0).build();
    }

    private static HttpResponse<String> post(String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + router.port() + path))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("authorization", "Bearer " + key);
        }
        return fixture.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theAppsKeyIsRecordedOnItsEventsAndNeverGoesUpstream() throws Exception {
        OpenAIClient app = sdk(APP_KEY);
        ChatCompletion completion = app.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("assistant").user("keyed-user").addUserMessage("Where is my parcel, keyed?").build());
        app.close();
        HttpResponse<String> feedback = post("/v1/feedback", APP_KEY,
                "{\"request_id\":\"" + completion.id() + "\",\"signal\":\"thumbs_up\"}");
        assertThat(feedback.statusCode()).isEqualTo(202);

        Exposure exposure = fixture.exposureOf(completion.id());
        assertThat(exposure.client()).isEqualTo("support-app");
        await().atMost(RouterFixture.TIMEOUT).until(() -> fixture.read(Topic.REWARDS, Reward.class).stream()
                .anyMatch(r -> r.requestId().equals(completion.id()) && "support-app".equals(r.client())));
        assertThat(fixture.upstream.received().all()).filteredOn(r -> r.lastUserMessage().contains("keyed?"))
                .singleElement().satisfies(r -> assertThat(r.authorization()).doesNotContain(APP_KEY));
    }

    @Test
    void withoutAKeyOrWithAWrongOneNothingIsServed() throws Exception {
        OpenAIClient stranger = sdk("sk-guess");
        assertThatThrownBy(() -> stranger.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("assistant").addUserMessage("hi").build())).isInstanceOf(UnauthorizedException.class);
        stranger.close();
        HttpResponse<String> anonymous = post("/v1/feedback", null,
                "{\"request_id\":\"req_00000000000000000000000000000c01\",\"signal\":\"thumbs_up\"}");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("invalid_api_key");
    }

    @Test
    void eachKeyIsAllowedOnlyWhatItsConfigurationSays() throws Exception {
        HttpResponse<String> annotatorAsks = post("/v1/chat/completions", ANNOTATOR_KEY,
                RouterFixture.chat("assistant", "hi"));
        assertThat(annotatorAsks.statusCode()).isEqualTo(403);
        assertThat(annotatorAsks.body()).contains("permission_denied", "'annotators' does not allow requests");

        HttpResponse<String> appLabels = post("/v1/labels", APP_KEY,
                "{\"request_id\":\"req_00000000000000000000000000000c02\",\"annotator\":\"a\",\"label\":3}");
        assertThat(appLabels.statusCode()).isEqualTo(403);

        HttpResponse<String> label = post("/v1/labels", ANNOTATOR_KEY,
                "{\"request_id\":\"req_00000000000000000000000000000c03\",\"annotator\":\"ann-1\",\"label\":4}");
        assertThat(label.statusCode()).isEqualTo(202);
        assertThat(fixture.read(Topic.LABELS, Label.class)).filteredOn(l -> l.requestId().endsWith("c03"))
                .singleElement().satisfies(l -> assertThat(l.client()).isEqualTo("annotators"));
    }

    @Test
    void aKeyWithoutAValueStopsTheRouterFromStarting() {
        SluiceConfig config = SluiceConfigReader.parse("""
                router:
                  port: 0
                  upstream: {base_url: "%s"}
                  client_keys: [{name: ghost, key_env: SLUICE_TEST_KEY_THAT_IS_NOT_SET}]
                kafka: {topic_prefix: test.}
                """.formatted(fixture.upstream.baseUrl()) + RouterFixture.EXPERIMENTS, "ghost key");
        assertThatThrownBy(() -> RouterServer.start(config, fixture.kafka.bootstrapServers(), Clock.systemUTC()))
                .hasMessageContaining("'ghost' has no value", "SLUICE_TEST_KEY_THAT_IS_NOT_SET");
    }
}

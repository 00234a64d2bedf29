package io.sluice.router;

import static io.sluice.router.RouterFixture.chat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.event.CallOutcome;
import io.sluice.core.event.Exposure;
import io.sluice.core.json.SluiceJson;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failing or silent upstream: the app gets 502 or 504, and the decision is still logged. */
class UpstreamFailureTest {
    @TempDir
    static Path directory;

    static RouterFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = RouterFixture.start(directory, "passthrough");
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static Exposure exposureOf(HttpResponse<?> response) {
        return fixture.exposureOf(response.headers().firstValue("sluice-request-id").orElseThrow());
    }

    @Test
    void aFailingUpstreamGets502AndItsExposureRecordsTheError() {
        HttpResponse<String> response = fixture.post("/v1/chat/completions", chat("flaky", "hi"), Map.of());

        assertThat(response.statusCode()).isEqualTo(502);
        JsonNode error = SluiceJson.fromJson(response.body(), JsonNode.class).get("error");
        assertThat(error.get("code").asText()).isEqualTo("upstream_error");
        assertThat(error.get("type").asText()).isEqualTo("upstream_error");
        assertThat(response.headers().firstValue("sluice-arm")).isPresent();
        Exposure exposure = exposureOf(response);
        assertThat(exposure.outcome()).isEqualTo(CallOutcome.UPSTREAM_ERROR);
        assertThat(exposure.status()).isEqualTo(502);
        assertThat(exposure.arm()).isEqualTo(response.headers().firstValue("sluice-arm").orElseThrow());
    }

    @Test
    void aSlowUpstreamGets504AfterTheTimeoutAndItsExposureRecordsIt() {
        long started = System.nanoTime();
        HttpResponse<String> response = fixture.post("/v1/chat/completions", chat("sluggish", "hi"), Map.of());
        long waitedMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(SluiceJson.fromJson(response.body(), JsonNode.class).at("/error/code").asText())
                .isEqualTo("upstream_timeout");
        assertThat(waitedMs).as("the 2 s timeout, not the 5 s upstream").isLessThan(4_500);
        Exposure exposure = exposureOf(response);
        assertThat(exposure.outcome()).isEqualTo(CallOutcome.UPSTREAM_TIMEOUT);
        assertThat(exposure.status()).isEqualTo(504);
    }

    @Test
    void aStreamThatGoesSilentEndsWithAnErrorEventAndItsExposureRecordsTheTimeout() {
        HttpResponse<String> response = fixture.post("/v1/chat/completions",
                "{\"model\":\"sluggish\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        String last = response.body().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(last).startsWith("data: ");
        assertThat(SluiceJson.fromJson(last.substring(6), JsonNode.class).at("/error/code").asText())
                .isEqualTo("upstream_timeout");
        assertThat(exposureOf(response).outcome()).isEqualTo(CallOutcome.UPSTREAM_TIMEOUT);
    }

    @Test
    void aStreamThatKeepsTalkingIsNeverCutHoweverLongItRuns() {
        // A chunk every 0.9 s for about 5 s, under an idle timeout of 2 s.
        HttpResponse<String> response = fixture.post("/v1/chat/completions",
                "{\"model\":\"trickling\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("upstream_timeout").contains("data: [DONE]");
        Exposure exposure = exposureOf(response);
        assertThat(exposure.outcome()).isEqualTo(CallOutcome.OK);
        assertThat(exposure.latencyMs()).as("longer than the idle timeout").isGreaterThan(2_500);
    }

    @Test
    void anUnreachableUpstreamGets502() throws Exception {
        // The same router, pointed at a port nothing listens on.
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            int closedPort = socket.getLocalPort();
            socket.close();
            io.sluice.core.config.SluiceConfig config = io.sluice.core.config.SluiceConfigReader.parse("""
                    router: {port: 0, upstream: {base_url: "http://127.0.0.1:%d/v1"}}
                    kafka: {topic_prefix: test.}
                    """.formatted(closedPort) + RouterFixture.EXPERIMENTS, "unreachable");
            try (RouterServer router = RouterServer.start(config, fixture.kafka.bootstrapServers(),
                    java.time.Clock.systemUTC())) {
                HttpResponse<String> response = fixture.http.send(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://127.0.0.1:" + router.port() + "/v1/chat/completions"))
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(chat("flaky", "hi"))).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(502);
                assertThat(SluiceJson.fromJson(response.body(), JsonNode.class).at("/error/message").asText())
                        .contains("could not be reached");
                assertThat(exposureOf(response).outcome()).isEqualTo(CallOutcome.UPSTREAM_ERROR);
            }
        }
    }

    @Test
    void aModelThatNamesNoExperimentPassesThroughWhenConfiguredTo() {
        HttpResponse<String> response = fixture.post("/v1/chat/completions", chat("sim-plain-model", "hi"), Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("sluice-arm")).isEmpty();
        assertThat(fixture.upstream.received().forModel("sim-plain-model")).singleElement()
                .satisfies(r -> assertThat(r.bearerToken()).contains(RouterFixture.UPSTREAM_KEY));
    }
}

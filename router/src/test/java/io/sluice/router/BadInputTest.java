package io.sluice.router;

import static io.sluice.router.RouterFixture.chat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.event.Exposure;
import io.sluice.core.event.Label;
import io.sluice.core.event.Reward;
import io.sluice.core.event.Trace;
import io.sluice.core.json.SluiceJson;
import io.sluice.core.topic.Topic;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Refused input gets a 4xx in OpenAI's error shape naming what is wrong, and nothing of a refused
 * request reaches a topic. The last test checks the topics for every request refused before it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputTest {
    @TempDir
    static Path directory;

    static RouterFixture fixture;
    static final List<String> refusedRequestIds = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        fixture = RouterFixture.start(directory, "reject");
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static JsonNode refused(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).contains("application/json");
        JsonNode error = SluiceJson.fromJson(response.body(), JsonNode.class).get("error");
        assertThat(error).as("OpenAI error shape of %s", response.body()).isNotNull();
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(error.get("type").asText()).isNotBlank();
        assertThat(error.has("param")).isTrue();
        assertThat(error.has("code")).isTrue();
        response.headers().firstValue("sluice-request-id").ifPresent(refusedRequestIds::add);
        return error;
    }

    private static JsonNode chatRefused(String body, Map<String, String> headers, int status) {
        return refused(fixture.post("/v1/chat/completions", body, headers), status);
    }

    @Test
    void malformedJsonIsRefused() {
        JsonNode error = chatRefused("{\"model\": \"support-bot\", \"messages\": [", Map.of(), 400);
        assertThat(error.get("code").asText()).isEqualTo("invalid_json");
    }

    @Test
    void aRequestWithoutMessagesIsRefused() {
        JsonNode error = chatRefused("{\"model\":\"support-bot\"}", Map.of("Sluice-Conversation", "c1"), 400);
        assertThat(error.get("param").asText()).isEqualTo("messages");
    }

    @Test
    void wrongTypesAreRefusedNamingTheParameter() {
        assertThat(chatRefused("{\"model\":\"support-bot\",\"messages\":\"hello\"}", Map.of("Sluice-Conversation", "c"),
                400).get("param").asText()).isEqualTo("messages");
        assertThat(chatRefused("{\"model\":[1],\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", Map.of(), 400)
                .get("param").asText()).isEqualTo("model");
        assertThat(chatRefused("{\"model\":\"support-bot\",\"stream\":1,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                Map.of("Sluice-Conversation", "c"), 400).get("param").asText()).isEqualTo("stream");
    }

    @Test
    void aModelThatNamesNoExperimentIsNotFound() {
        JsonNode error = chatRefused(chat("gpt-5-turbo", "hi"), Map.of(), 404);
        assertThat(error.get("code").asText()).isEqualTo("model_not_found");
        assertThat(error.get("param").asText()).isEqualTo("model");
        assertThat(fixture.upstream.received().countFor("gpt-5-turbo")).isZero();
    }

    @Test
    void aRequestWithoutTheUnitItsExperimentNeedsIsRefusedSayingSo() {
        JsonNode conversation = chatRefused(chat("support-bot", "hi"), Map.of("Sluice-User", "u1"), 400);
        assertThat(conversation.get("message").asText()).contains("randomizes by conversation", "Sluice-Conversation");
        assertThat(conversation.get("code").asText()).isEqualTo("missing_randomization_unit");

        JsonNode user = chatRefused(chat("by-user", "hi"), Map.of(), 400);
        assertThat(user.get("message").asText()).contains("randomizes by user", "Sluice-User", "'user' field");
        assertThat(user.get("param").asText()).isEqualTo("user");
    }

    @Test
    void anOversizedBodyIsRefused() {
        String huge = chat("support-bot", "x".repeat(10_000));
        JsonNode error = refused(fixture.post("/v1/chat/completions", huge, Map.of("Sluice-Conversation", "c")), 413);
        assertThat(error.get("code").asText()).isEqualTo("request_too_large");
    }

    @Test
    void unknownRoutesAndWrongMethodsAnswerInTheSameShape() {
        refused(fixture.get("/v1/completions"), 404);
        refused(fixture.get("/v1/chat/completions"), 405);
        HttpResponse<String> responses = fixture.get("/v1/responses");
        refused(responses, 405);
        assertThat(responses.headers().firstValue("allow")).contains("POST");
        refused(fixture.post("/v1/models/support-bot", "{}", Map.of()), 405);
        refused(fixture.post("/v1/models", "{}", Map.of()), 405);
        refused(fixture.get("/v1/models/support-bot/extra"), 404);
    }

    @Test
    void badFeedbackIsRefusedNamingTheField() {
        Map<String, String> cases = Map.of(
                "{\"signal\":\"thumbs_up\"}", "request_id",
                "{\"request_id\":\"req_0000000000000000000000000000bf01\",\"signal\":\"smile\"}", "signal",
                "{\"request_id\":\"req_0000000000000000000000000000bf02\",\"signal\":\"score\"}", "value",
                "{\"request_id\":\"req_0000000000000000000000000000bf03\",\"signal\":\"thumbs_up\",\"value\":1}", "value",
                "{\"request_id\":\"req_0000000000000000000000000000bf04\",\"signal\":\"score\",\"value\":\"high\"}", "value",
                "{\"request_id\":\"req_0000000000000000000000000000bf05\",\"signal\":\"copy\",\"timestamp\":\"yesterday\"}", "timestamp",
                "{\"request_id\":\"req_0000000000000000000000000000bf06\",\"signal\":\"copy\",\"timestamp\":\"2999-01-01T00:00:00Z\"}", "timestamp",
                "{\"request_id\":\"req_0000000000000000000000000000bf07\",\"signal\":\"copy\",\"comment\":\"nice\"}", "comment",
                "{\"request_id\":\"req_0000000000000000000000000000bf08\",\"signal\":\"judge\",\"value\":1}", "signal");
        cases.forEach((body, field) -> assertThat(refused(fixture.post("/v1/feedback", body, Map.of()), 400)
                .get("param").asText()).as(body).isEqualTo(field));
        assertThat(refused(fixture.post("/v1/feedback", "[]", Map.of()), 400).get("code").asText())
                .isEqualTo("invalid_json");
        for (String never : List.of("chatcmpl-abc123", "resp_68af0c", "req_x", "REQ_00000000000000000000000000000001")) {
            JsonNode error = refused(fixture.post("/v1/feedback",
                    "{\"request_id\":\"" + never + "\",\"signal\":\"thumbs_up\"}", Map.of()), 400);
            assertThat(error.get("param").asText()).isEqualTo("request_id");
            assertThat(error.get("code").asText()).isEqualTo("unknown_request_id");
            assertThat(error.get("message").asText()).contains("'id' of the chat completion");
        }

        Set<String> onTopic = fixture.read(Topic.REWARDS, Reward.class).stream().map(Reward::requestId)
                .collect(Collectors.toSet());
        assertThat(onTopic).noneMatch(id -> id.startsWith("req_0000000000000000000000000000bf0"));
    }

    /** Sends raw bytes and reads what comes back until the router closes the connection. */
    private static String raw(String request, java.time.Duration patience) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", fixture.router.port())) {
            socket.setSoTimeout((int) patience.toMillis());
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void anHttpHeadTheCodecCannotReadGetsAnOpenAiShapedErrorAndTheConnectionCloses() throws Exception {
        String longLine = raw("GET /v1/models?x=" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                java.time.Duration.ofSeconds(10));
        assertThat(longLine).startsWith("HTTP/1.").contains(" 414 ").contains("\"code\":\"uri_too_long\"");

        String bigHeaders = raw("GET /v1/models HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(10_000) + "\r\n\r\n",
                java.time.Duration.ofSeconds(10));
        assertThat(bigHeaders).startsWith("HTTP/1.").contains(" 431 ").contains("\"code\":\"headers_too_large\"");
    }

    @Test
    void aBodyWhoseChunkingIsBrokenGetsAnOpenAiShapedErrorAndNothingReachesATopic() throws Exception {
        String id = "req_0000000000000000000000000000c4a1";
        String badSize = raw("POST /v1/feedback HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n10\r\n{\"request_id\":\"" + id.substring(0, 4) + "\r\n"
                + "zz\r\n" + id.substring(4) + "\",\"signal\":\"thumbs_up\"}\r\n0\r\n\r\n",
                java.time.Duration.ofSeconds(10));
        assertThat(badSize).startsWith("HTTP/1.1 400 ").contains("\"code\":\"bad_request\"")
                .containsIgnoringCase("connection: close");
        assertThat(fixture.read(Topic.REWARDS, Reward.class)).noneMatch(r -> r.requestId().equals(id));
    }

    @Test
    void aConnectionThatStopsHalfwayIsClosedOnceItOutlastsEveryWaitTheRouterImposes() throws Exception {
        // The fixture's upstream timeouts are 2 s (2 s + 5 s), so the floor of 15 s applies.
        long started = System.nanoTime();
        String answer = raw("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{\"mo",
                java.time.Duration.ofSeconds(40));
        long waited = (System.nanoTime() - started) / 1_000_000;
        assertThat(answer).isEmpty();
        assertThat(waited).isBetween(14_000L, 28_000L);
    }

    @Test
    void feedbackBeyondWhatTheJobsCanProcessIsRefused() {
        String id = "req_00000000000000000000000000bad0b1";
        Map<String, String> cases = Map.of(
                "{\"request_id\":\"" + id + "\",\"signal\":\"thumbs_up\",\"timestamp\":\"-999999999-01-01T00:00:00+18:00\"}",
                "timestamp",
                "{\"request_id\":\"" + id + "\",\"signal\":\"thumbs_up\",\"timestamp\":\"2001-01-01T00:00:00Z\"}",
                "timestamp",
                "{\"request_id\":\"" + id + "\",\"signal\":\"score\",\"value\":1.7976931348623157e308}", "value",
                "{\"request_id\":\"" + id + "\",\"signal\":\"score\",\"value\":-1e10}", "value");
        cases.forEach((body, field) -> assertThat(refused(fixture.post("/v1/feedback", body, Map.of()), 400)
                .get("param").asText()).as(body).isEqualTo(field));
        assertThat(fixture.post("/v1/feedback", "{\"request_id\":\"" + id + "\",\"signal\":\"score\",\"value\":-1e9}",
                Map.of()).statusCode()).as("the bound itself is accepted").isEqualTo(202);
    }

    @Test
    void badLabelsAreRefusedNamingTheField() {
        assertThat(refused(fixture.post("/v1/labels", "{\"request_id\":\"req_00000000000000000000000000000b11\",\"label\":3}", Map.of()), 400)
                .get("param").asText()).isEqualTo("annotator");
        assertThat(refused(fixture.post("/v1/labels",
                "{\"request_id\":\"req_00000000000000000000000000000b12\",\"annotator\":\"a\",\"label\":3.5}", Map.of()), 400)
                .get("param").asText()).isEqualTo("label");
        JsonNode offScale = refused(fixture.post("/v1/labels",
                "{\"request_id\":\"req_00000000000000000000000000000b13\",\"annotator\":\"a\",\"label\":2147483647}",
                Map.of()), 400);
        assertThat(offScale.get("param").asText()).isEqualTo("label");
        assertThat(offScale.get("message").asText()).as("the scale of the served rubric").contains("between 1 and 5");
        assertThat(refused(fixture.post("/v1/labels",
                "{\"request_id\":\"req_00000000000000000000000000000b14\",\"annotator\":\"a\",\"label\":0}",
                Map.of()), 400).get("param").asText()).isEqualTo("label");
        assertThat(fixture.read(Topic.LABELS, Label.class)).noneMatch(l -> l.requestId().startsWith("req_00000000000000000000000000000b1"));
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void nothingOfARefusedRequestReachedATopic() {
        // One good request after the refused ones: once its exposure is on the topic, anything
        // written for a refused request before it would be there too.
        HttpResponse<String> good = fixture.post("/v1/chat/completions", chat("support-bot", "hi"),
                Map.of("Sluice-Conversation", "after"));
        String goodId = good.headers().firstValue("sluice-request-id").orElseThrow();
        org.awaitility.Awaitility.await().atMost(RouterFixture.TIMEOUT).until(() ->
                fixture.read(Topic.EXPOSURES, Exposure.class).stream().anyMatch(e -> e.requestId().equals(goodId)));

        assertThat(refusedRequestIds).isNotEmpty();
        assertThat(fixture.read(Topic.EXPOSURES, Exposure.class)).extracting(Exposure::requestId)
                .doesNotContainAnyElementsOf(refusedRequestIds);
        assertThat(fixture.read(Topic.TRACES, Trace.class)).extracting(Trace::requestId)
                .doesNotContainAnyElementsOf(refusedRequestIds);
    }
}

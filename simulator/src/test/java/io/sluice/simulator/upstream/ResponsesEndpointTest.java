package io.sluice.simulator.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.errors.InternalServerException;
import com.openai.models.responses.ResponseCreateParams;
import io.sluice.core.json.SluiceJson;
import io.sluice.simulator.quality.QualityMark;
import io.sluice.simulator.world.JudgeProfile;
import io.sluice.simulator.world.SimulatorConfig;
import io.sluice.simulator.world.Variant;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/responses} refuses, fails and records like the chat endpoint does. */
class ResponsesEndpointTest {
    private static final String KEY = "sk-upstream-secret";
    private static final Instant NOW = Instant.parse("2026-11-23T10:15:30Z");
    private static SimulatedUpstream upstream;

    @BeforeAll
    static void start() {
        upstream = SimulatedUpstream.builder(SimulatorConfig.builder()
                        .expectedApiKey(KEY)
                        .addVariant(Variant.builder().model("sim-broken").instant().errorRate(1.0).build())
                        .defaultVariant(Variant.builder().instant().build())
                        .addJudge(JudgeProfile.builder().model("sim-judge").instant().noise(0).build())
                        .build())
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .start();
    }

    @AfterAll
    static void stop() {
        upstream.close();
    }

    private static HttpResponse<String> post(String body, String... headers) {
        return RawHttp.postJson(upstream.baseUrl() + "/responses", body, headers);
    }

    private static String request(String model, String extraFields) {
        return "{\"model\":" + RawHttp.quote(model) + ",\"instructions\":\"Be helpful.\",\"input\":\"Where is my parcel?\""
                + (extraFields.isEmpty() ? "" : "," + extraFields) + "}";
    }

    private static JsonNode errorOf(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("content-type")).contains("application/json");
        JsonNode error = SluiceJson.fromJson(response.body(), JsonNode.class).get("error");
        assertThat(error).isNotNull();
        assertThat(error.has("message") && error.has("type") && error.has("param") && error.has("code")).isTrue();
        return error;
    }

    @Test
    void recordsWhatTheCallerSentAndWhereTo() {
        post(request("sim-medium", "\"temperature\":0.3,\"max_output_tokens\":200"),
                "Authorization", "Bearer " + KEY, "X-Trace", "t-1");

        ReceivedRequest received = upstream.received().last().orElseThrow();
        assertThat(received.endpoint()).isEqualTo(Endpoint.RESPONSES);
        assertThat(received.receivedAt()).isEqualTo(NOW);
        assertThat(received.model()).isEqualTo("sim-medium");
        assertThat(received.systemPrompts()).containsExactly("Be helpful.");
        assertThat(received.lastUserMessage()).isEqualTo("Where is my parcel?");
        assertThat(received.parameters().get("instructions").asText()).isEqualTo("Be helpful.");
        assertThat(received.parameters().get("temperature").asDouble()).isEqualTo(0.3);
        assertThat(received.parameters().get("max_output_tokens").asInt()).isEqualTo(200);
        assertThat(received.parameters().has("input")).isFalse();
        assertThat(received.bearerToken()).contains(KEY);
        assertThat(received.header("x-trace")).contains("t-1");
        assertThat(received.streaming()).isFalse();
        assertThat(received.status()).isEqualTo(200);
        assertThat(upstream.received().forEndpoint(Endpoint.RESPONSES)).contains(received);
        assertThat(upstream.received().forEndpoint(Endpoint.CHAT_COMPLETIONS)).doesNotContain(received);
    }

    @Test
    void theResponseCarriesTheUpstreamsClockAndARequestId() {
        HttpResponse<String> response = post(request("sim-any", ""), "Authorization", "Bearer " + KEY);

        JsonNode body = SluiceJson.fromJson(response.body(), JsonNode.class);
        assertThat(body.get("object").asText()).isEqualTo("response");
        assertThat(body.get("created_at").asLong()).isEqualTo(NOW.getEpochSecond());
        assertThat(body.get("completed_at").asLong()).isEqualTo(NOW.getEpochSecond());
        assertThat(response.headers().firstValue("x-request-id")).hasValueSatisfying(
                id -> assertThat(id).startsWith("req_"));
    }

    @Test
    void anErrorRateOfOneAnswersWithAnOpenAiShaped500PlainOrStreaming() {
        HttpResponse<String> plain = post(request("sim-broken", ""), "Authorization", "Bearer " + KEY);
        HttpResponse<String> streaming = post(request("sim-broken", "\"stream\":true"), "Authorization", "Bearer " + KEY);

        assertThat(plain.statusCode()).isEqualTo(500);
        assertThat(errorOf(plain).get("type").asText()).isEqualTo("server_error");
        assertThat(streaming.statusCode()).isEqualTo(500);
        errorOf(streaming);
        assertThat(upstream.received().last().orElseThrow().status()).isEqualTo(500);
        try (Sdk sdk = Sdk.at(upstream.baseUrl(), KEY)) {
            assertThatThrownBy(() -> sdk.client().responses().create(ResponseCreateParams.builder()
                    .model("sim-broken").input("Hello?").build()))
                    .isInstanceOfSatisfying(InternalServerException.class,
                            e -> assertThat(e.statusCode()).isEqualTo(500));
        }
    }

    @Test
    void aWrongKeyIsRefusedWith401AndRecorded() {
        HttpResponse<String> response = post(request("sim-any", ""), "Authorization", "Bearer sk-the-apps-own-key");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(errorOf(response).get("code").asText()).isEqualTo("invalid_api_key");
        assertThat(response.body()).doesNotContain("sk-the-apps-own-key");
        ReceivedRequest received = upstream.received().last().orElseThrow();
        assertThat(received.status()).isEqualTo(401);
        assertThat(received.endpoint()).isEqualTo(Endpoint.RESPONSES);
    }

    @Test
    void theKeyIsCheckedBeforeTheBody() {
        assertThat(post("{\"model\":\"sim-any\"}").statusCode()).isEqualTo(401);
        HttpResponse<String> withKey = post("{\"model\":\"sim-any\"}", "Authorization", "Bearer " + KEY);
        assertThat(withKey.statusCode()).isEqualTo(400);
        assertThat(errorOf(withKey).get("param").asText()).isEqualTo("input");
    }

    @Test
    void aJudgeModelGradesThroughTheResponsesApiWithTheRequestedSchema() {
        String answer = QualityMark.append("Your parcel ships today, Dana.", 0.9);
        String body = "{\"model\":\"sim-judge\",\"instructions\":\"Grade the answer from 1 to 5.\","
                + "\"input\":" + RawHttp.quote("Answer:\n" + answer) + ","
                + "\"text\":{\"format\":{\"type\":\"json_schema\",\"name\":\"grades\",\"strict\":true,\"schema\":"
                + "{\"type\":\"object\",\"properties\":{\"scores\":{\"type\":\"object\",\"properties\":"
                + "{\"helpfulness\":{\"type\":\"integer\",\"enum\":[1,2,3,4,5]}}},\"rationale\":{\"type\":\"string\"}}}}}}";

        HttpResponse<String> response = post(body, "Authorization", "Bearer " + KEY);

        assertThat(response.statusCode()).isEqualTo(200);
        String text = SluiceJson.fromJson(response.body(), JsonNode.class).at("/output/0/content/0/text").asText();
        JsonNode grades = SluiceJson.fromJson(text, JsonNode.class);
        assertThat(grades.at("/scores/helpfulness").asInt()).isEqualTo(5);
        assertThat(upstream.received().last().orElseThrow().variant()).isEqualTo("judge sim-judge");
    }
}

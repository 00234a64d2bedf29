package io.sluice.simulator.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.errors.InternalServerException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.sluice.core.json.SluiceJson;
import io.sluice.simulator.world.SimulatorConfig;
import io.sluice.simulator.world.Variant;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UpstreamErrorsTest {
    private static final String KEY = "sk-upstream-secret";
    private static SimulatedUpstream upstream;

    @BeforeAll
    static void start() {
        upstream = SimulatedUpstream.start(SimulatorConfig.builder()
                .expectedApiKey(KEY)
                .addVariant(Variant.builder().model("sim-broken").instant().errorRate(1.0).build())
                .defaultVariant(Variant.builder().instant().build())
                .build());
    }

    @AfterAll
    static void stop() {
        upstream.close();
    }

    private static String chat(String model) {
        return RawHttp.chatBody(model, "Be helpful.", "Where is my parcel?", "");
    }

    private static JsonNode errorOf(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("content-type")).contains("application/json");
        JsonNode error = SluiceJson.fromJson(response.body(), JsonNode.class).get("error");
        assertThat(error).isNotNull();
        assertThat(error.has("message") && error.has("type") && error.has("param") && error.has("code")).isTrue();
        return error;
    }

    @Test
    void anErrorRateOfOneAnswersEveryRequestWithAnOpenAiShaped500() {
        HttpResponse<String> response = RawHttp.postJson(upstream.baseUrl() + "/chat/completions",
                chat("sim-broken"), "Authorization", "Bearer " + KEY);

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(errorOf(response).get("type").asText()).isEqualTo("server_error");
        assertThat(upstream.received().last().orElseThrow().status()).isEqualTo(500);
    }

    @Test
    void theSdkSeesTheFailureAsAnInternalServerError() {
        try (Sdk sdk = Sdk.at(upstream.baseUrl(), KEY)) {
            assertThatThrownBy(() -> sdk.client().chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("sim-broken").addUserMessage("Hello?").build()))
                    .isInstanceOfSatisfying(InternalServerException.class,
                            e -> assertThat(e.statusCode()).isEqualTo(500));
        }
    }

    @Test
    void aStreamingRequestThatFailsGetsA500InsteadOfAStream() {
        HttpResponse<String> response = RawHttp.postJson(upstream.baseUrl() + "/chat/completions",
                RawHttp.chatBody("sim-broken", "Be helpful.", "Hello?", "\"stream\":true"),
                "Authorization", "Bearer " + KEY);

        assertThat(response.statusCode()).isEqualTo(500);
        errorOf(response);
    }

    @Test
    void aWrongKeyIsRefusedWith401() {
        HttpResponse<String> response = RawHttp.postJson(upstream.baseUrl() + "/chat/completions",
                chat("sim-any"), "Authorization", "Bearer sk-the-apps-own-key");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(errorOf(response).get("code").asText()).isEqualTo("invalid_api_key");
        assertThat(response.body()).doesNotContain("sk-the-apps-own-key");
        ReceivedRequest received = upstream.received().last().orElseThrow();
        assertThat(received.status()).isEqualTo(401);
        assertThat(received.bearerToken()).contains("sk-the-apps-own-key");
    }

    @Test
    void aMissingKeyIsRefusedWith401AndTheSdkSaysUnauthorized() {
        assertThat(RawHttp.postJson(upstream.baseUrl() + "/chat/completions", chat("sim-any")).statusCode())
                .isEqualTo(401);
        try (Sdk sdk = Sdk.at(upstream.baseUrl(), "sk-wrong")) {
            assertThatThrownBy(() -> sdk.client().models().list()).isInstanceOf(UnauthorizedException.class);
        }
    }

    @Test
    void theRightKeyIsServed() {
        HttpResponse<String> response = RawHttp.postJson(upstream.baseUrl() + "/chat/completions",
                chat("sim-any"), "Authorization", "Bearer " + KEY);

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void malformedJsonIsABadRequest() {
        HttpResponse<String> response = RawHttp.postJson(upstream.baseUrl() + "/chat/completions",
                "{\"model\": \"sim-any\", \"messages\": [", "Authorization", "Bearer " + KEY);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(errorOf(response).get("type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void missingMessagesIsABadRequestNamingTheParameter() {
        HttpResponse<String> response = RawHttp.postJson(upstream.baseUrl() + "/chat/completions",
                "{\"model\": \"sim-any\"}", "Authorization", "Bearer " + KEY);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(errorOf(response).get("param").asText()).isEqualTo("messages");
    }

    @Test
    void anUnknownPathIsAnOpenAiShaped404() {
        HttpResponse<String> response = RawHttp.get(upstream.origin() + "/v1/assistants",
                "Authorization", "Bearer " + KEY);

        assertThat(response.statusCode()).isEqualTo(404);
        errorOf(response);
    }
}

package io.sluice.simulator.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.sluice.simulator.world.SimulatorConfig;
import io.sluice.simulator.world.Variant;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ReceivedRequestsTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:15:30Z");
    private static final SimulatorConfig WORLD = SimulatorConfig.builder()
            .defaultVariant(Variant.builder().instant().build())
            .build();

    @Test
    void recordsWhatTheCallerSent() {
        try (SimulatedUpstream upstream = SimulatedUpstream.builder(WORLD)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).start();
             Sdk sdk = Sdk.at(upstream.baseUrl(), "sk-router")) {
            sdk.client().chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("sim-medium")
                    .addSystemMessage("Cite the policy.")
                    .addUserMessage("Where is my parcel?")
                    .temperature(0.3)
                    .maxCompletionTokens(200)
                    .putAdditionalHeader("X-Trace", "t-1")
                    .build());

            ReceivedRequest received = upstream.received().last().orElseThrow();
            assertThat(received.receivedAt()).isEqualTo(NOW);
            assertThat(received.endpoint()).isEqualTo(Endpoint.CHAT_COMPLETIONS);
            assertThat(received.model()).isEqualTo("sim-medium");
            assertThat(received.systemPrompts()).containsExactly("Cite the policy.");
            assertThat(received.lastUserMessage()).isEqualTo("Where is my parcel?");
            assertThat(received.messages()).extracting(ChatMessage::role).containsExactly("system", "user");
            assertThat(received.parameters().get("temperature").asDouble()).isEqualTo(0.3);
            assertThat(received.parameters().get("max_completion_tokens").asInt()).isEqualTo(200);
            assertThat(received.parameters().has("messages")).isFalse();
            assertThat(received.bearerToken()).contains("sk-router");
            assertThat(received.header("x-trace")).contains("t-1");
            assertThat(received.streaming()).isFalse();
            assertThat(received.status()).isEqualTo(200);
        }
    }

    @Test
    void recordsStreamingRequestsAndCountsPerModel() {
        try (SimulatedUpstream upstream = SimulatedUpstream.start(WORLD);
             Sdk sdk = Sdk.at(upstream.baseUrl(), "k")) {
            for (String model : new String[] {"sim-small", "sim-large", "sim-large"}) {
                try (StreamResponse<ChatCompletionChunk> stream = sdk.client().chat().completions().createStreaming(
                        ChatCompletionCreateParams.builder().model(model).addUserMessage("Hi").build())) {
                    stream.stream().count();
                }
            }

            assertThat(upstream.received().last().orElseThrow().streaming()).isTrue();
            assertThat(upstream.received().countFor("sim-large")).isEqualTo(2);
            assertThat(upstream.received().countsByModel()).containsEntry("sim-small", 1L);
        }
    }

    @Test
    void keepsOnlyTheMostRecentRequestsButCountsThemAll() {
        try (SimulatedUpstream upstream = SimulatedUpstream.start(WORLD.toBuilder().receivedLogCapacity(3).build())) {
            for (int i = 0; i < 5; i++) {
                RawHttp.postJson(upstream.baseUrl() + "/chat/completions",
                        RawHttp.chatBody("sim-any", "Be helpful.", "question " + i, ""));
            }

            assertThat(upstream.received().all()).extracting(ReceivedRequest::lastUserMessage)
                    .containsExactly("question 2", "question 3", "question 4");
            assertThat(upstream.received().total()).isEqualTo(5);
        }
    }
}

package io.sluice.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import io.sluice.core.event.Exposure;
import io.sluice.core.event.Reward;
import io.sluice.core.event.Trace;
import io.sluice.core.event.UnitType;
import io.sluice.core.topic.Topic;
import io.sluice.simulator.quality.QualityMark;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app that points the official OpenAI SDK at Sluice and changes nothing else: no Sluice
 * headers, the ids the SDK hands it, chat completions and responses alike. The experiment
 * {@code assistant} has the default unit chain (conversation, then user, then request).
 */
class OfficialSdkTest {
    private static final String ASSISTANT_PROMPTS = "Answer in one sentence.|Answer warmly.";

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

    private static Exposure exposureOf(String requestId) {
        return fixture.exposureOf(requestId);
    }

    private static ChatCompletion ask(ChatCompletionCreateParams.Builder params) {
        return sdk.chat().completions().create(params.model("assistant").build());
    }

    @Test
    void theStandardUserFieldIsEnoughAndKeepsTheUserOnOneArm() {
        Set<String> arms = new HashSet<>();
        List<String> ids = new ArrayList<>();
        for (int turn = 0; turn < 4; turn++) {
            ChatCompletion completion = ask(ChatCompletionCreateParams.builder().user("alice-sdk")
                    .addUserMessage("Where is my order? Turn " + turn));
            assertThat(QualityMark.read(completion.choices().get(0).message().content().orElseThrow())).isPresent();
            ids.add(completion.id());
        }
        for (String id : ids) {
            Exposure exposure = exposureOf(id);
            assertThat(exposure.unitType()).isEqualTo(UnitType.USER);
            assertThat(exposure.unit()).isEqualTo("alice-sdk");
            arms.add(exposure.arm());
        }
        assertThat(arms).as("every turn of one user on one arm").hasSize(1);
    }

    @Test
    void usersAreSpreadOverBothArms() {
        Set<String> arms = new HashSet<>();
        for (int user = 0; user < 16; user++) {
            arms.add(exposureOf(ask(ChatCompletionCreateParams.builder().user("spread-" + user)
                    .addUserMessage("hello")).id()).arm());
        }
        assertThat(arms).containsExactlyInAnyOrder("terse", "warm");
    }

    @Test
    void theConversationHeaderComesBeforeTheUserField() {
        ChatCompletion completion = ask(ChatCompletionCreateParams.builder().user("bob-sdk")
                .putAdditionalHeader("Sluice-Conversation", "conv-bob-1").addUserMessage("hello"));

        Exposure exposure = exposureOf(completion.id());
        assertThat(exposure.unitType()).isEqualTo(UnitType.CONVERSATION);
        assertThat(exposure.unit()).isEqualTo("conv-bob-1");
    }

    @Test
    void aRequestThatNamesNoUnitIsItsOwnUnitAndTheMetricSaysSo() {
        ChatCompletion completion = ask(ChatCompletionCreateParams.builder().addUserMessage("anonymous hello"));

        Exposure exposure = exposureOf(completion.id());
        assertThat(exposure.unitType()).isEqualTo(UnitType.REQUEST);
        assertThat(exposure.unit()).isEqualTo(completion.id());
        assertThat(fixture.get("/metrics").body())
                .containsPattern("sluice_router_unit_fallbacks_total\\{experiment=\"assistant\",unit_type=\"request\"} [1-9]");
    }

    @Test
    void theIdTheSdkReturnsIsTheSluiceRequestIdThatFeedbackJoinsOn() throws Exception {
        String header;
        ChatCompletion completion;
        try (HttpResponseFor<ChatCompletion> raw = sdk.chat().completions().withRawResponse()
                .create(ChatCompletionCreateParams.builder().model("assistant").user("carol-sdk")
                        .addUserMessage("Can I return shoes I wore once?").build())) {
            completion = raw.parse();
            header = raw.headers().values("sluice-request-id").get(0);
        }
        assertThat(completion.id()).isEqualTo(header).matches("req_[0-9a-f]{32}");

        HttpResponse<String> accepted = fixture.post("/v1/feedback",
                "{\"request_id\":\"" + completion.id() + "\",\"signal\":\"thumbs_up\"}", Map.of());
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(exposureOf(completion.id()).requestId()).isEqualTo(completion.id());
        await().atMost(RouterFixture.TIMEOUT).until(() -> fixture.read(Topic.REWARDS, Reward.class).stream()
                .anyMatch(r -> r.requestId().equals(completion.id())));
    }

    @Test
    void everyStreamedChunkCarriesTheSluiceRequestId() {
        Set<String> ids = new HashSet<>();
        StringBuilder content = new StringBuilder();
        String header;
        try (HttpResponseFor<StreamResponse<ChatCompletionChunk>> raw = sdk.chat().completions().withRawResponse()
                .createStreaming(ChatCompletionCreateParams.builder().model("assistant").user("dave-sdk")
                        .addUserMessage("My parcel is late.").build());
             StreamResponse<ChatCompletionChunk> chunks = raw.parse()) {
            chunks.stream().forEach(chunk -> {
                ids.add(chunk.id());
                chunk.choices().forEach(c -> c.delta().content().ifPresent(content::append));
            });
            header = raw.headers().values("sluice-request-id").get(0);
        }
        assertThat(ids).containsExactly(header);
        assertThat(QualityMark.read(content.toString())).isPresent();
        assertThat(exposureOf(header).stream()).isTrue();
    }

    @Test
    void responsesCreateIsAnExperimentRequestLikeAnyOther() {
        Response response;
        String header;
        try (HttpResponseFor<Response> raw = sdk.responses().withRawResponse().create(ResponseCreateParams.builder()
                .model("assistant").user("erin-sdk").instructions("The customer is Erin, order #5521.")
                .input("Has my order #5521 shipped yet?").build())) {
            response = raw.parse();
            header = raw.headers().values("sluice-request-id").get(0);
        }
        String text = response.output().stream().flatMap(item -> item.message().stream())
                .flatMap(message -> message.content().stream()).flatMap(part -> part.outputText().stream())
                .map(part -> part.text()).reduce("", String::concat);
        assertThat(QualityMark.read(text)).isPresent();
        assertThat(response.id()).isEqualTo(header);
        assertThat(response.usage()).isPresent();

        Exposure exposure = exposureOf(response.id());
        assertThat(exposure.unitType()).isEqualTo(UnitType.USER);
        assertThat(exposure.unit()).isEqualTo("erin-sdk");
        assertThat(exposure.completionTokens()).isPositive();

        Trace trace = await().atMost(RouterFixture.TIMEOUT).until(() -> fixture.read(Topic.TRACES, Trace.class)
                .stream().filter(t -> t.requestId().equals(header)).findFirst(), Optional::isPresent).orElseThrow();
        String armPrompt = exposure.arm().equals("terse") ? "Answer in one sentence." : "Answer warmly.";
        assertThat(trace.messages().get(0).content()).isEqualTo(armPrompt + "\n\nThe customer is Erin, order #5521.");
        assertThat(trace.messages().get(1).content()).isEqualTo("Has my order #5521 shipped yet?");
        assertThat(trace.response()).isEqualTo(text);
        assertThat(ASSISTANT_PROMPTS).contains(armPrompt);
    }

    @Test
    void responsesStreamTheirTypedEventsWithTheSluiceRequestId() {
        StringBuilder deltas = new StringBuilder();
        List<Response> completed = new ArrayList<>();
        String header;
        try (HttpResponseFor<StreamResponse<ResponseStreamEvent>> raw = sdk.responses().withRawResponse()
                .createStreaming(ResponseCreateParams.builder().model("assistant")
                        .input("The item I received is damaged.").build());
             StreamResponse<ResponseStreamEvent> events = raw.parse()) {
            events.stream().forEach(event -> {
                event.outputTextDelta().ifPresent(delta -> deltas.append(delta.delta()));
                event.completed().ifPresent(done -> completed.add(done.response()));
            });
            header = raw.headers().values("sluice-request-id").get(0);
        }
        assertThat(QualityMark.read(deltas.toString())).isPresent();
        assertThat(completed).hasSize(1);
        assertThat(completed.get(0).id()).isEqualTo(header);

        Exposure exposure = exposureOf(header);
        assertThat(exposure.stream()).isTrue();
        assertThat(exposure.unitType()).isEqualTo(UnitType.REQUEST);
        Trace trace = await().atMost(RouterFixture.TIMEOUT).until(() -> fixture.read(Topic.TRACES, Trace.class)
                .stream().filter(t -> t.requestId().equals(header)).findFirst(), Optional::isPresent).orElseThrow();
        assertThat(trace.response()).isEqualTo(deltas.toString());
    }

    @Test
    void responsesRefuseWhatTheRouterCannotHonourInOpenAisShape() {
        HttpResponse<String> previous = fixture.post("/v1/responses",
                "{\"model\":\"assistant\",\"input\":\"hi\",\"previous_response_id\":\"resp_1\"}", Map.of());
        assertThat(previous.statusCode()).isEqualTo(400);
        assertThat(previous.body()).contains("\"param\":\"previous_response_id\"", "unsupported_parameter");

        HttpResponse<String> noInput = fixture.post("/v1/responses", "{\"model\":\"assistant\"}", Map.of());
        assertThat(noInput.statusCode()).isEqualTo(400);
        assertThat(noInput.body()).contains("\"param\":\"input\"");

        HttpResponse<String> unknown = fixture.post("/v1/responses", "{\"model\":\"gpt-9\",\"input\":\"hi\"}",
                Map.of());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("model_not_found");
    }

    @Test
    void modelsRetrieveAnswersLikeOpenAi() {
        assertThat(sdk.models().retrieve("assistant").id()).isEqualTo("assistant");
        assertThat(sdk.models().retrieve("assistant").ownedBy()).isEqualTo("sluice");
        assertThatThrownBy(() -> sdk.models().retrieve("gpt-9")).isInstanceOf(NotFoundException.class);
    }
}

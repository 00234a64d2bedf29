package io.sluice.simulator.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputMessage;
import com.openai.models.responses.ResponseOutputText;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.ResponseUsage;
import io.sluice.simulator.quality.QualityMark;
import io.sluice.simulator.world.Presets;
import io.sluice.simulator.world.SimulatorConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI Java SDK, with strict response validation, talks to the simulated upstream
 * through the Responses API: what it parses is what a router relaying {@code /v1/responses} would
 * hand its callers.
 */
class ResponsesSdkTest {
    private static final String KEY = "sk-upstream";
    private static final String QUESTION = "Hi, I'm Dana (order #51234). My package hasn't arrived. It's been 8 days.";
    private static SimulatedUpstream upstream;
    private static OpenAIClient sdk;

    @BeforeAll
    static void start() {
        // The support-bot world without delays or failures: a failure drawn for one of these fixed
        // questions would fail the same test on every run.
        SimulatorConfig world = Presets.supportBot();
        upstream = SimulatedUpstream.start(world.toBuilder()
                .variants(world.variants().stream().map(v -> v.toBuilder().instant().errorRate(0).build()).toList())
                .defaultVariant(world.defaultVariant().toBuilder().instant().errorRate(0).build())
                .expectedApiKey(KEY)
                .build());
        sdk = OpenAIOkHttpClient.builder()
                .baseUrl(upstream.baseUrl())
                .apiKey(KEY)
                .maxRetries(0)
                .responseValidation(true)
                .build();
    }

    @AfterAll
    static void stop() {
        sdk.close();
        upstream.close();
    }

    private static ResponseCreateParams.Builder question(String instructions, String question) {
        return ResponseCreateParams.builder()
                .model(Presets.SUPPORT_MODEL)
                .instructions(instructions)
                .input(question);
    }

    /** What {@code output_text} means in OpenAI's other SDKs: the text of every output_text part. */
    private static String outputText(Response response) {
        return response.output().stream()
                .flatMap(item -> item.message().stream())
                .flatMap(message -> message.content().stream())
                .flatMap(content -> content.outputText().stream())
                .map(ResponseOutputText::text)
                .collect(Collectors.joining());
    }

    private static List<ResponseStreamEvent> streamed(ResponseCreateParams params) {
        List<ResponseStreamEvent> events = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = sdk.responses().createStreaming(params)) {
            // validate() checks each event as strictly as responseValidation checks a whole response.
            stream.stream().map(ResponseStreamEvent::validate).forEach(events::add);
        }
        return events;
    }

    @Test
    void aWholeResponseParsesWithItsTextAndUsage() {
        Response response = sdk.responses().create(question(Presets.POLICY_PROMPT, QUESTION).build());

        assertThat(response.id()).startsWith("resp_");
        assertThat(response.model().asString()).isEqualTo(Presets.SUPPORT_MODEL);
        assertThat(response.status()).contains(ResponseStatus.COMPLETED);
        assertThat(response.incompleteDetails()).isEmpty();
        assertThat(response.error()).isEmpty();
        assertThat(response.instructions().orElseThrow().asString()).isEqualTo(Presets.POLICY_PROMPT);
        ResponseOutputMessage message = response.output().get(0).asMessage();
        assertThat(message.id()).startsWith("msg_");
        assertThat(message.status()).isEqualTo(ResponseOutputMessage.Status.COMPLETED);
        String text = outputText(response);
        assertThat(QualityMark.read(text)).isPresent();
        ResponseUsage usage = response.usage().orElseThrow();
        assertThat(usage.inputTokens()).isPositive();
        assertThat(usage.outputTokens()).isPositive();
        assertThat(usage.totalTokens()).isEqualTo(usage.inputTokens() + usage.outputTokens());
        assertThat(usage.inputTokensDetails().cachedTokens()).isZero();
        assertThat(usage.outputTokensDetails().reasoningTokens()).isZero();
    }

    @Test
    void theSameConversationThroughChatAndResponsesGetsTheSameAnswer() {
        String viaChat = sdk.chat().completions().create(ChatCompletionCreateParams.builder()
                        .model(Presets.SUPPORT_MODEL)
                        .addSystemMessage(Presets.POLICY_PROMPT)
                        .addUserMessage(QUESTION)
                        .build())
                .choices().get(0).message().content().orElseThrow();
        ReceivedRequest chat = upstream.received().last().orElseThrow();
        Response viaResponses = sdk.responses().create(question(Presets.POLICY_PROMPT, QUESTION).build());
        ReceivedRequest responses = upstream.received().last().orElseThrow();

        assertThat(outputText(viaResponses)).isEqualTo(viaChat);
        assertThat(QualityMark.read(outputText(viaResponses))).isEqualTo(QualityMark.read(viaChat)).isPresent();
        assertThat(responses.variant()).isEqualTo(chat.variant()).isEqualTo("policy-citing");
        assertThat(chat.endpoint()).isEqualTo(Endpoint.CHAT_COMPLETIONS);
        assertThat(responses.endpoint()).isEqualTo(Endpoint.RESPONSES);
        assertThat(responses.systemPrompts()).isEqualTo(chat.systemPrompts());
        assertThat(responses.messages()).isEqualTo(chat.messages());
    }

    @Test
    void aStreamParsesEventByEventAndItsDeltasMakeTheWholeAnswer() {
        ResponseCreateParams params = question(Presets.BE_HELPFUL_PROMPT, "Why was I charged twice for order #44129?")
                .build();
        String whole = outputText(sdk.responses().create(params));

        List<ResponseStreamEvent> events = streamed(params);

        assertThat(events.get(0).isCreated()).isTrue();
        assertThat(events.get(1).isInProgress()).isTrue();
        String deltas = events.stream().flatMap(e -> e.outputTextDelta().stream())
                .map(delta -> delta.delta()).collect(Collectors.joining());
        assertThat(deltas).isEqualTo(whole);
        assertThat(events.stream().filter(ResponseStreamEvent::isOutputTextDelta).count()).isGreaterThan(3);
        assertThat(events.stream().flatMap(e -> e.outputTextDone().stream()).map(done -> done.text()))
                .containsExactly(whole);
        ResponseStreamEvent last = events.get(events.size() - 1);
        assertThat(last.isCompleted()).isTrue();
        Response completed = last.asCompleted().response();
        assertThat(outputText(completed)).isEqualTo(whole);
        assertThat(completed.status()).contains(ResponseStatus.COMPLETED);
        assertThat(completed.usage().orElseThrow().outputTokens()).isPositive();
        assertThat(upstream.received().last().orElseThrow().streaming()).isTrue();
    }

    @Test
    void aMultiTurnInputOfMessageItemsIsAnswered() {
        Response response = sdk.responses().create(ResponseCreateParams.builder()
                .model(Presets.SUPPORT_MODEL)
                .inputOfResponse(List.of(
                        ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder()
                                .role(EasyInputMessage.Role.SYSTEM).content(Presets.BE_HELPFUL_PROMPT).build()),
                        ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder()
                                .role(EasyInputMessage.Role.USER).content(QUESTION).build()),
                        ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder()
                                .role(EasyInputMessage.Role.ASSISTANT).content("Let me check.").build()),
                        ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder()
                                .role(EasyInputMessage.Role.USER).content("Any news?").build())))
                .build());

        assertThat(QualityMark.read(outputText(response))).isPresent();
        ReceivedRequest received = upstream.received().last().orElseThrow();
        assertThat(received.systemPrompts()).containsExactly(Presets.BE_HELPFUL_PROMPT);
        assertThat(received.variant()).isEqualTo("be-helpful");
        assertThat(received.lastUserMessage()).isEqualTo("Any news?");
        assertThat(received.messages()).extracting(ChatMessage::role)
                .containsExactly("system", "user", "assistant", "user");
    }

    @Test
    void anAnswerCutByMaxOutputTokensIsIncomplete() {
        ResponseCreateParams params = question(Presets.BE_HELPFUL_PROMPT, QUESTION).maxOutputTokens(16).build();

        Response response = sdk.responses().create(params);

        assertThat(response.status()).contains(ResponseStatus.INCOMPLETE);
        assertThat(response.incompleteDetails().orElseThrow().reason())
                .contains(Response.IncompleteDetails.Reason.MAX_OUTPUT_TOKENS);
        assertThat(response.output().get(0).asMessage().status()).isEqualTo(ResponseOutputMessage.Status.INCOMPLETE);
        assertThat(response.usage().orElseThrow().outputTokens()).isEqualTo(16);
        assertThat(response.maxOutputTokens()).contains(16L);
        ResponseStreamEvent last = streamed(params).stream().reduce((first, second) -> second).orElseThrow();
        assertThat(last.isIncomplete()).isTrue();
        assertThat(outputText(last.asIncomplete().response())).isEqualTo(outputText(response));
    }

    @Test
    void theRequestsSettingsAreEchoedInAResponseTheSdkAccepts() {
        Response response = sdk.responses().create(question(Presets.BE_HELPFUL_PROMPT, QUESTION)
                .temperature(0.2)
                .addTool(FunctionTool.builder()
                        .name("order_status")
                        .parameters(FunctionTool.Parameters.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty("properties", JsonValue.from(Map.of()))
                                .build())
                        .strict(false)
                        .build())
                .metadata(ResponseCreateParams.Metadata.builder().putAdditionalProperty("ticket", JsonValue.from("48291"))
                        .build())
                .putAdditionalBodyProperty("some_future_field", JsonValue.from(List.of(1, 2)))
                .build());

        assertThat(response.temperature()).contains(0.2);
        assertThat(response.tools()).singleElement().satisfies(tool -> assertThat(tool.asFunction().name())
                .isEqualTo("order_status"));
        assertThat(response.metadata().orElseThrow()._additionalProperties()).containsKey("ticket");
        assertThat(upstream.received().last().orElseThrow().parameters().has("some_future_field")).isTrue();
    }

    @Test
    void aRequestWithoutInputIsABadRequestNamingInput() {
        assertThatThrownBy(() -> sdk.responses().create(ResponseCreateParams.builder()
                        .model(Presets.SUPPORT_MODEL)
                        .instructions(Presets.BE_HELPFUL_PROMPT)
                        .build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.param()).contains("input");
                    assertThat(e.code()).contains("missing_required_parameter");
                    assertThat(e.type()).contains("invalid_request_error");
                });
    }

    @Test
    void aCapBelowSixteenTokensIsABadRequestNamingIt() {
        assertThatThrownBy(() -> sdk.responses().create(question(Presets.BE_HELPFUL_PROMPT, QUESTION)
                        .maxOutputTokens(5).build()))
                .isInstanceOfSatisfying(BadRequestException.class,
                        e -> assertThat(e.param()).contains("max_output_tokens"));
    }
}

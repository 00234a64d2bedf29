package io.sluice.simulator.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.ResponseFormatJsonObject;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.models.Model;
import io.sluice.simulator.quality.QualityMark;
import io.sluice.simulator.world.Presets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK, with strict response validation, talks to the simulated upstream. */
class OfficialSdkAgainstUpstreamTest {
    private static SimulatedUpstream upstream;
    private static OpenAIClient sdk;

    @BeforeAll
    static void start() {
        upstream = SimulatedUpstream.start(Presets.supportBot().withExpectedApiKey("sk-upstream"));
        sdk = OpenAIOkHttpClient.builder()
                .baseUrl(upstream.baseUrl())
                .apiKey("sk-upstream")
                .maxRetries(0)
                .responseValidation(true)
                .build();
    }

    @AfterAll
    static void stop() {
        sdk.close();
        upstream.close();
    }

    private static ChatCompletionCreateParams.Builder question(String prompt, String question) {
        return ChatCompletionCreateParams.builder()
                .model(Presets.SUPPORT_MODEL)
                .addSystemMessage(prompt)
                .addUserMessage(question);
    }

    @Test
    void aPlainCompletionParsesWithUsageAndAQualityMark() {
        ChatCompletion completion = sdk.chat().completions()
                .create(question(Presets.POLICY_PROMPT, "Hi, I'm Dana (order #51234). My package hasn't arrived.")
                        .temperature(0.2)
                        .build());

        assertThat(completion.id()).startsWith("chatcmpl-");
        assertThat(completion.model()).isEqualTo(Presets.SUPPORT_MODEL);
        assertThat(completion.choices()).hasSize(1);
        ChatCompletion.Choice choice = completion.choices().get(0);
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        String content = choice.message().content().orElseThrow();
        assertThat(QualityMark.read(content)).isPresent();
        CompletionUsage usage = completion.usage().orElseThrow();
        assertThat(usage.promptTokens()).isPositive();
        assertThat(usage.completionTokens()).isPositive();
        assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());
    }

    @Test
    void aStreamParsesChunkByChunkAndEndsWithUsage() {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = sdk.chat().completions().createStreaming(
                question(Presets.BE_HELPFUL_PROMPT, "Why was I charged twice for order #44129?")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                        .build())) {
            stream.stream().forEach(chunks::add);
        }

        assertThat(chunks.size()).isGreaterThan(3);
        StringBuilder content = new StringBuilder();
        chunks.forEach(c -> c.choices().forEach(choice -> choice.delta().content().ifPresent(content::append)));
        assertThat(QualityMark.read(content.toString())).isPresent();
        assertThat(chunks.get(0).choices().get(0).delta().role()).isPresent();
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.choices()).isEmpty();
        assertThat(last.usage().orElseThrow().completionTokens()).isPositive();
        assertThat(chunks.get(chunks.size() - 2).choices().get(0).finishReason())
                .contains(ChatCompletionChunk.Choice.FinishReason.STOP);
    }

    @Test
    void jsonModeAndUnknownFieldsAreAccepted() {
        ChatCompletion completion = sdk.chat().completions().create(
                question(Presets.BE_HELPFUL_PROMPT, "Can I change the delivery address for my pending order?")
                        .responseFormat(ResponseFormatJsonObject.builder().build())
                        .putAdditionalBodyProperty("some_future_field", JsonValue.from(List.of(1, 2)))
                        .build());

        assertThat(completion.choices().get(0).message().content()).isPresent();
    }

    @Test
    void maxTokensCutsTheAnswerWithFinishReasonLength() {
        ChatCompletion completion = sdk.chat().completions().create(
                question(Presets.BE_HELPFUL_PROMPT, "The item I received is damaged. What are my options?")
                        .maxCompletionTokens(5)
                        .build());

        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.LENGTH);
        assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(5);
    }

    @Test
    void modelsAreListed() {
        List<Model> models = sdk.models().list().data();

        assertThat(models).extracting(Model::id).containsExactly(Presets.SUPPORT_MODEL);
    }

    @Test
    void aRequestWithoutMessagesIsABadRequest() {
        assertThatThrownBy(() -> sdk.chat().completions().create(ChatCompletionCreateParams.builder()
                        .model(Presets.SUPPORT_MODEL)
                        .messages(List.of())
                        .build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.param()).contains("messages");
                    assertThat(e.type()).contains("invalid_request_error");
                });
    }
}

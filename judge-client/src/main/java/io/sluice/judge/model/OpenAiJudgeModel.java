package io.sluice.judge.model;

import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.net.http.HttpClient;
import java.util.Map;

/**
 * Builds langchain4j's OpenAI chat model for a judge endpoint. HTTP/1.1 is forced: the JDK
 * client's default h2c upgrade attempt is refused or mishandled by some OpenAI-compatible
 * servers, and plain keep-alive connections are all a judge needs.
 */
public final class OpenAiJudgeModel {
    private OpenAiJudgeModel() {}

    /** The model, its key read from the process environment or the key file. */
    public static ChatModel build(JudgeModelSettings settings) {
        return build(settings, System.getenv());
    }

    /**
     * @throws IllegalArgumentException when the settings are invalid, or name a key that is not there
     */
    public static ChatModel build(JudgeModelSettings settings, Map<String, String> environment) {
        settings.requireValid();
        String key = null;
        if (settings.apiKey() != null) {
            key = settings.apiKey().resolve(environment).orElseThrow(() -> new IllegalArgumentException(
                    "the judge's API key is missing: nothing in " + settings.apiKey()));
        }
        OpenAiChatModel.OpenAiChatModelBuilder builder = OpenAiChatModel.builder()
                .httpClientBuilder(JdkHttpClient.builder()
                        .httpClientBuilder(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)))
                .baseUrl(settings.baseUrl())
                .apiKey(key)
                .modelName(settings.modelName())
                .temperature(settings.temperature())
                .maxTokens(settings.maxOutputTokens())
                .timeout(settings.timeout())
                .maxRetries(settings.maxRetries())
                // Strict schemas make OpenAI guarantee the shape; ours are written to its strict subset.
                .strictJsonSchema(settings.structuredOutput() == StructuredOutput.JSON_SCHEMA);
        return builder.build();
    }
}

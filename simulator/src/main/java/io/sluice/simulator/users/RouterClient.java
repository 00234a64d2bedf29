package io.sluice.simulator.users;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.Headers;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import io.sluice.simulator.quality.QualityMark;
import java.util.Iterator;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The app's side of a chat turn: the official OpenAI SDK pointed at the router, with the
 * experiment as the model and the user and conversation in Sluice's headers. Feedback names the
 * answer by the id the SDK hands over ({@code completion.id()}, or the chunks' id), as an app
 * would; the SDK's raw-response API gives the {@code sluice-*} headers for the arm.
 *
 * <p>SDK retries are off: a failed call is something the population counts, and a silent retry
 * would be a second request the router sees but the statistics do not.
 */
final class RouterClient implements AutoCloseable {
    static final String USER_HEADER = "Sluice-User";
    static final String CONVERSATION_HEADER = "Sluice-Conversation";
    static final String REQUEST_ID_HEADER = "sluice-request-id";
    static final String EXPERIMENT_HEADER = "sluice-experiment";
    static final String ARM_HEADER = "sluice-arm";

    private final OpenAIClient client;
    private final PopulationConfig config;

    RouterClient(PopulationConfig config) {
        this.config = config;
        this.client = OpenAIOkHttpClient.builder()
                .baseUrl(origin(config.routerUrl()) + "/v1")
                .apiKey(config.apiKey())
                .maxRetries(0)
                .timeout(config.requestTimeout())
                .build();
    }

    static String origin(String routerUrl) {
        return routerUrl.endsWith("/") ? routerUrl.substring(0, routerUrl.length() - 1) : routerUrl;
    }

    /**
     * Asks {@code question} after {@code history}. A stream is read to its end unless
     * {@code keepReading} turns false, the way a user closing the app cuts a stream short.
     *
     * @throws com.openai.errors.OpenAIServiceException for an error status
     * @throws com.openai.errors.OpenAIIoException       when the router cannot be reached
     */
    // OpenAI deprecated the user field, but it is one of the places the router takes the
    // randomization unit from, so a realistic app still sends it.
    @SuppressWarnings("deprecation")
    RouterAnswer ask(String userId, String conversationId, List<Exchange> history, String question, boolean stream,
                     BooleanSupplier keepReading) {
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
                .model(config.experiment())
                .user(userId)
                .putAdditionalHeader(USER_HEADER, userId)
                .putAdditionalHeader(CONVERSATION_HEADER, conversationId);
        if (config.systemPrompt() != null) {
            params.addSystemMessage(config.systemPrompt());
        }
        for (Exchange exchange : history) {
            params.addUserMessage(exchange.question());
            params.addAssistantMessage(exchange.answer().content());
        }
        params.addUserMessage(question);
        return stream ? askStreaming(params, keepReading) : askPlain(params);
    }

    private RouterAnswer askPlain(ChatCompletionCreateParams.Builder params) {
        try (HttpResponseFor<ChatCompletion> raw = client.chat().completions().withRawResponse()
                .create(params.build())) {
            ChatCompletion completion = raw.parse();
            String content = completion.choices().isEmpty()
                    ? ""
                    : completion.choices().get(0).message().content().orElse("");
            return answer(completion.id(), raw.headers(), content, false);
        }
    }

    private RouterAnswer askStreaming(ChatCompletionCreateParams.Builder params, BooleanSupplier keepReading) {
        params.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
        try (HttpResponseFor<StreamResponse<ChatCompletionChunk>> raw = client.chat().completions().withRawResponse()
                .createStreaming(params.build());
             StreamResponse<ChatCompletionChunk> chunks = raw.parse()) {
            StringBuilder content = new StringBuilder();
            String id = null;
            Iterator<ChatCompletionChunk> it = chunks.stream().iterator();
            while (it.hasNext() && keepReading.getAsBoolean()) {
                ChatCompletionChunk chunk = it.next();
                id = chunk.id();
                for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                    choice.delta().content().ifPresent(content::append);
                }
            }
            return answer(id, raw.headers(), content.toString(), true);
        }
    }

    /** A stream the user left before its first chunk has no body id; the header still names it. */
    private static RouterAnswer answer(String id, Headers headers, String content, boolean streamed) {
        return new RouterAnswer(id != null ? id : first(headers, REQUEST_ID_HEADER), first(headers, EXPERIMENT_HEADER),
                first(headers, ARM_HEADER), content, QualityMark.read(content), streamed);
    }

    private static String first(Headers headers, String name) {
        List<String> values = headers.values(name);
        return values.isEmpty() ? null : values.get(0);
    }

    @Override
    public void close() {
        client.close();
    }
}

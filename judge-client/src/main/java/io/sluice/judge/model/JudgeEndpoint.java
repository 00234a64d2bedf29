package io.sluice.judge.model;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.sluice.judge.JudgeTokens;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;

/**
 * One judge endpoint: sends a judge prompt, with the response format the settings allow, and
 * returns the reply with its token usage and latency, or a {@link JudgeCallException} that says
 * whether retrying could help. Blocking; safe to share between threads.
 */
public final class JudgeEndpoint {
    private final ChatModel model;
    private final JudgeModelSettings settings;

    public JudgeEndpoint(ChatModel model, JudgeModelSettings settings) {
        this.model = model;
        this.settings = settings.requireValid();
    }

    /** An endpoint over langchain4j's OpenAI chat model, the key from the process environment. */
    public static JudgeEndpoint of(JudgeModelSettings settings) {
        return new JudgeEndpoint(OpenAiJudgeModel.build(settings), settings);
    }

    public JudgeModelSettings settings() {
        return settings;
    }

    /**
     * @param schema the reply's JSON schema, sent as {@code json_schema} or reduced to JSON mode
     *               or nothing, as the settings say
     */
    public JudgeReply ask(List<ChatMessage> messages, JsonSchema schema) {
        ChatRequest.Builder request = ChatRequest.builder().messages(messages);
        switch (settings.structuredOutput()) {
            case JSON_SCHEMA -> request.responseFormat(
                    ResponseFormat.builder().type(ResponseFormatType.JSON).jsonSchema(schema).build());
            case JSON_OBJECT -> request.responseFormat(ResponseFormat.JSON);
            case NONE -> { }
        }
        long started = System.nanoTime();
        ChatResponse response;
        try {
            response = model.chat(request.build());
        } catch (RuntimeException e) {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            throw new JudgeCallException(classify(e), elapsed, e);
        }
        Duration latency = Duration.ofNanos(System.nanoTime() - started);
        String text = response.aiMessage() == null || response.aiMessage().text() == null
                ? "" : response.aiMessage().text();
        return new JudgeReply(text, tokens(response.tokenUsage()), latency,
                response.finishReason() == FinishReason.LENGTH);
    }

    private static JudgeTokens tokens(TokenUsage usage) {
        if (usage == null) {
            return JudgeTokens.NONE;
        }
        long prompt = usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
        long completion = usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
        return new JudgeTokens(prompt, completion);
    }

    private static CallFailure classify(RuntimeException e) {
        if (e instanceof TimeoutException) return CallFailure.TIMEOUT;
        if (e instanceof RateLimitException) return CallFailure.RATE_LIMITED;
        if (e instanceof InternalServerException) return CallFailure.SERVER_ERROR;
        if (e instanceof AuthenticationException) return CallFailure.AUTHENTICATION;
        if (e instanceof InvalidRequestException || e instanceof ModelNotFoundException) return CallFailure.REJECTED;
        if (e instanceof HttpException http) {
            return http.statusCode() >= 500 ? CallFailure.SERVER_ERROR : CallFailure.REJECTED;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpTimeoutException) {
                return CallFailure.TIMEOUT;
            }
            if (cause instanceof InterruptedException) {
                // The HTTP client swallowed the interrupt into an exception; the caller's thread must keep it.
                Thread.currentThread().interrupt();
                return CallFailure.INTERRUPTED;
            }
            if (cause instanceof IOException) {
                return CallFailure.UNREACHABLE;
            }
        }
        return CallFailure.UNREACHABLE;
    }
}

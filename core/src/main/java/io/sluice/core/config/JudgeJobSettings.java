package io.sluice.core.config;

import java.time.Duration;

/**
 * How the online judge job calls its endpoint. What each experiment's judge is (model, rubric,
 * sample rate, budget, capacity, timeout, retries) comes from its spec; these are the job's own.
 *
 * @param baseUrl the OpenAI-compatible endpoint; null means the router's upstream
 * @param apiKey where the endpoint's key comes from
 * @param maxOutputTokens the longest reply a judgment may have
 * @param structuredOutput how the reply is asked to be shaped: {@code json_schema}, {@code json_object} or {@code none}
 * @param maxInFlight traces being judged, waiting for their experiment's capacity or for a retry,
 *     per parallel instance, all together
 * @param asyncTimeout the last-resort timeout for one trace over every attempt and the waits
 *     between them
 * @param retryBackoff the wait before a call's first retry; doubled for each further retry
 * @param maxRetryBackoff the longest wait before a retry
 */
public record JudgeJobSettings(
        String baseUrl,
        SecretRef apiKey,
        int maxOutputTokens,
        String structuredOutput,
        int maxInFlight,
        Duration asyncTimeout,
        Duration retryBackoff,
        Duration maxRetryBackoff) {

    public static final int DEFAULT_MAX_OUTPUT_TOKENS = 400;
    public static final String DEFAULT_STRUCTURED_OUTPUT = "json_schema";
    public static final int DEFAULT_MAX_IN_FLIGHT = 64;
    public static final Duration DEFAULT_ASYNC_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX_RETRY_BACKOFF = Duration.ofSeconds(10);
}

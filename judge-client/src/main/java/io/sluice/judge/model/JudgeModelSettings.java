package io.sluice.judge.model;

import io.sluice.core.config.SecretRef;
import io.sluice.core.experiment.JudgeSettings;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The judge endpoint and how it is called: any OpenAI-compatible chat-completions server.
 *
 * @param baseUrl          the API base, {@code /v1} included ({@code https://api.openai.com/v1},
 *                         {@code http://127.0.0.1:8090/v1} for the simulator)
 * @param apiKey           where the key comes from (a file or an environment variable); null for
 *                         an endpoint that wants none
 * @param modelName        the judge model
 * @param temperature      sampling temperature; null leaves it to the endpoint (reasoning models
 *                         refuse one). Part of the fingerprint.
 * @param maxOutputTokens  cap on the reply ({@code max_tokens}); a reply cut short is a recorded
 *                         failure. Part of the fingerprint.
 * @param timeout          connect and response timeout of one call
 * @param maxRetries       retries inside one call. 0 by default: the online judge job retries
 *                         with backoff itself, and retries at both levels would multiply
 * @param structuredOutput what {@code response_format} to ask for. Part of the fingerprint.
 */
public record JudgeModelSettings(
        String baseUrl,
        SecretRef apiKey,
        String modelName,
        Double temperature,
        Integer maxOutputTokens,
        Duration timeout,
        int maxRetries,
        StructuredOutput structuredOutput) {

    public static final double DEFAULT_TEMPERATURE = 0.0;
    public static final int DEFAULT_MAX_OUTPUT_TOKENS = 400;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** Every problem with these settings, each named by its field. Empty when valid. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (baseUrl == null || baseUrl.isBlank()) {
            problems.add("base_url: is required");
        } else {
            try {
                URI uri = URI.create(baseUrl);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                    problems.add("base_url: must be an http(s) URL, was '" + baseUrl + "'");
                }
            } catch (IllegalArgumentException e) {
                problems.add("base_url: must be an http(s) URL, was '" + baseUrl + "'");
            }
        }
        if (modelName == null || modelName.isBlank()) problems.add("model: is required");
        if (temperature != null && !(temperature >= 0 && temperature <= 2)) {
            problems.add("temperature: must be in [0, 2], was " + temperature);
        }
        if (maxOutputTokens != null && maxOutputTokens < 1) {
            problems.add("max_output_tokens: must be at least 1, was " + maxOutputTokens);
        }
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            problems.add("timeout: must be positive, was " + timeout);
        }
        if (maxRetries < 0) problems.add("max_retries: must not be negative, was " + maxRetries);
        if (structuredOutput == null) problems.add("structured_output: is required");
        return problems;
    }

    /** These settings, or an {@link IllegalArgumentException} naming every problem. */
    public JudgeModelSettings requireValid() {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid judge model settings: " + String.join("; ", problems));
        }
        return this;
    }

    /**
     * The settings of an experiment's judge: its model and timeout, no retries inside a call
     * (the job retries, up to the experiment's {@code max_retries}, with backoff).
     */
    public static JudgeModelSettings forExperiment(JudgeSettings judge, String baseUrl, SecretRef apiKey) {
        return builder().baseUrl(baseUrl).apiKey(apiKey).modelName(judge.model()).timeout(judge.timeout()).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().baseUrl(baseUrl).apiKey(apiKey).modelName(modelName).temperature(temperature)
                .maxOutputTokens(maxOutputTokens).timeout(timeout).maxRetries(maxRetries)
                .structuredOutput(structuredOutput);
    }

    /** The field initializers are the defaults. */
    public static final class Builder {
        private String baseUrl;
        private SecretRef apiKey;
        private String modelName;
        private Double temperature = DEFAULT_TEMPERATURE;
        private Integer maxOutputTokens = DEFAULT_MAX_OUTPUT_TOKENS;
        private Duration timeout = DEFAULT_TIMEOUT;
        private int maxRetries = 0;
        private StructuredOutput structuredOutput = StructuredOutput.JSON_SCHEMA;

        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        public Builder apiKey(SecretRef apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder modelName(String modelName) {
            this.modelName = modelName;
            return this;
        }

        public Builder temperature(Double temperature) {
            this.temperature = temperature;
            return this;
        }

        public Builder maxOutputTokens(Integer maxOutputTokens) {
            this.maxOutputTokens = maxOutputTokens;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder maxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        public Builder structuredOutput(StructuredOutput structuredOutput) {
            this.structuredOutput = structuredOutput;
            return this;
        }

        public JudgeModelSettings build() {
            return new JudgeModelSettings(baseUrl, apiKey, modelName, temperature, maxOutputTokens, timeout,
                    maxRetries, structuredOutput);
        }
    }
}

package io.sluice.flink.judge;

import io.sluice.core.config.JudgeJobSettings;
import io.sluice.core.config.SecretRef;
import io.sluice.core.experiment.JudgeSettings;
import io.sluice.judge.model.JudgeModelSettings;
import io.sluice.judge.model.StructuredOutput;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Where the online judge sends its calls: one OpenAI-compatible endpoint for the whole job. The
 * judge model, its rubric and its timeout come from each experiment's spec; what the endpoint is
 * and how it is asked comes from here.
 *
 * <p>The key is named, never held: an environment variable or a file (a mounted secret) of the
 * machine the job runs on, read when the job opens. This record is part of the job's functions
 * and travels with them to the cluster.
 *
 * @param baseUrl the API base with its version path: {@code https://api.openai.com/v1}, or
 *     {@code http://127.0.0.1:<port>/v1} for the simulated judge
 * @param apiKeyEnv the environment variable holding the key; null when a file or nothing holds it
 * @param apiKeyFile the file holding the key (wins over the variable); null when none
 * @param maxOutputTokens cap on a verdict's length ({@code max_tokens}); part of the fingerprint
 *     and of the token estimate a call is admitted with
 * @param structuredOutput what {@code response_format} to ask for; part of the fingerprint
 */
public record JudgeEndpointSettings(
        String baseUrl, String apiKeyEnv, String apiKeyFile, int maxOutputTokens, StructuredOutput structuredOutput)
        implements Serializable {

    public JudgeEndpointSettings {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalArgumentException("baseUrl: the judge endpoint is required");
        }
        if (maxOutputTokens < 1) {
            throw new IllegalArgumentException("maxOutputTokens must be at least 1, was " + maxOutputTokens);
        }
        Objects.requireNonNull(structuredOutput, "structuredOutput");
    }

    /**
     * An endpoint asked with the judge-client's defaults ({@value JudgeModelSettings#DEFAULT_MAX_OUTPUT_TOKENS}
     * output tokens, JSON-schema replies), its key in {@code apiKeyEnv} (null for an endpoint that
     * wants none, such as the simulator).
     */
    public static JudgeEndpointSettings of(String baseUrl, String apiKeyEnv) {
        return new JudgeEndpointSettings(baseUrl, apiKeyEnv, null, JudgeModelSettings.DEFAULT_MAX_OUTPUT_TOKENS,
                StructuredOutput.JSON_SCHEMA);
    }

    /**
     * The endpoint at {@code baseUrl} with its key from {@code key} (null, or one found nowhere, for
     * calls without one), asked for replies as {@code judge} says.
     */
    public static JudgeEndpointSettings of(String baseUrl, SecretRef key, JudgeJobSettings judge) {
        return new JudgeEndpointSettings(baseUrl, key == null ? null : key.env(),
                key == null || key.file() == null ? null : key.file().toString(), judge.maxOutputTokens(),
                StructuredOutput.valueOf(judge.structuredOutput().toUpperCase(Locale.ROOT)));
    }

    /** The same endpoint with its key read from a file. */
    public JudgeEndpointSettings withApiKeyFile(String file) {
        return new JudgeEndpointSettings(baseUrl, apiKeyEnv, file, maxOutputTokens, structuredOutput);
    }

    public JudgeEndpointSettings withReplies(int maxOutputTokens, StructuredOutput structuredOutput) {
        return new JudgeEndpointSettings(baseUrl, apiKeyEnv, apiKeyFile, maxOutputTokens, structuredOutput);
    }

    /** Where the key comes from; null when nowhere. */
    public SecretRef apiKey() {
        if (apiKeyEnv == null && apiKeyFile == null) {
            return null;
        }
        return new SecretRef(apiKeyEnv, apiKeyFile == null ? null : Path.of(apiKeyFile));
    }

    /**
     * How one experiment's judge is called: its model and timeout, no retries inside a call (the
     * job retries with backoff, up to the experiment's {@code max_retries}).
     */
    public JudgeModelSettings modelSettings(JudgeSettings judge) {
        return JudgeModelSettings.forExperiment(judge, baseUrl, apiKey()).toBuilder()
                .maxOutputTokens(maxOutputTokens)
                .structuredOutput(structuredOutput)
                .build();
    }
}

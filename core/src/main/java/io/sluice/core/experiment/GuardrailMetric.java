package io.sluice.core.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Aggregate metrics a guardrail can watch per arm and window. */
public enum GuardrailMetric {
    @JsonProperty("latency_p95_ms") LATENCY_P95_MS,
    @JsonProperty("latency_p99_ms") LATENCY_P99_MS,
    @JsonProperty("error_rate") ERROR_RATE,
    @JsonProperty("timeout_rate") TIMEOUT_RATE,
    @JsonProperty("completion_tokens_mean") COMPLETION_TOKENS_MEAN,
    @JsonProperty("judge_score_mean") JUDGE_SCORE_MEAN;

    public String wireName() {
        return name().toLowerCase();
    }
}

package io.sluice.core.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Aggregate metrics a guardrail can watch per arm and window. */
public enum GuardrailMetric {
    /** The 95th percentile of the upstream call's latency, in milliseconds. */
    @JsonProperty("latency_p95_ms") LATENCY_P95_MS,
    @JsonProperty("latency_p99_ms") LATENCY_P99_MS,
    /** The 95th percentile of the time to the first token, over streamed requests only. */
    @JsonProperty("ttft_p95_ms") TTFT_P95_MS,
    /** The share of requests whose upstream call failed (an error status or no answer). */
    @JsonProperty("error_rate") ERROR_RATE,
    /** The share of requests whose upstream call timed out. */
    @JsonProperty("timeout_rate") TIMEOUT_RATE,
    @JsonProperty("completion_tokens_mean") COMPLETION_TOKENS_MEAN,
    /** The mean cost of a request in US dollars, from its tokens and the experiment's price table. */
    @JsonProperty("cost_per_request_usd") COST_PER_REQUEST_USD,
    /** The mean calibrated judge score (the raw score where no calibration is in force yet). */
    @JsonProperty("judge_score_mean") JUDGE_SCORE_MEAN;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

package io.sluice.core.event;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What an alert is about. Every raising kind has a recovery kind that closes it. */
public enum AlertKind {
    @JsonProperty("judge_drift") JUDGE_DRIFT,
    @JsonProperty("judge_recovered") JUDGE_RECOVERED,
    @JsonProperty("guardrail_breach") GUARDRAIL_BREACH,
    @JsonProperty("guardrail_recovered") GUARDRAIL_RECOVERED,
    @JsonProperty("sample_ratio_mismatch") SAMPLE_RATIO_MISMATCH
}

package io.sluice.flink.guardrails;

import io.sluice.core.event.CallOutcome;
import io.sluice.core.experiment.GuardrailMetric;
import io.sluice.core.experiment.ModelPrice;
import java.util.Arrays;
import java.util.List;

/**
 * One arm's samples in one window, and the guardrail metrics over them. Percentiles are exact:
 * nearest rank over every sample of the window (the smallest value with at least p of the
 * samples at or below it), not an estimate.
 *
 * <p>What each metric counts: latency percentiles over calls that answered ({@code ok}); time to
 * first token over streamed calls that sent content; error rate over every call ({@code
 * upstream_error} and {@code upstream_timeout} are errors: the arm's model failed, where a 4xx
 * refusal or an app that went away is not the arm's doing); timeout rate likewise with timeouts
 * only; tokens and cost over calls that answered and reported tokens; the judge mean over verdicts.
 */
public final class ArmWindow {
    private final long calls;
    private final long errors;
    private final long timeouts;
    private final long[] latencies;
    private final long[] ttfts;
    private final long tokenCalls;
    private final double completionTokens;
    private final double costUsd;
    private final boolean priced;
    private final long verdicts;
    private final double scoreSum;

    private ArmWindow(List<GuardrailSample> samples, ModelPrice price) {
        long calls = 0;
        long errors = 0;
        long timeouts = 0;
        long tokenCalls = 0;
        double tokens = 0;
        double cost = 0;
        long verdicts = 0;
        double scores = 0;
        long[] latencies = new long[samples.size()];
        long[] ttfts = new long[samples.size()];
        int nLatency = 0;
        int nTtft = 0;
        for (GuardrailSample sample : samples) {
            if (sample.isVerdict()) {
                verdicts++;
                scores += sample.judgeScore();
                continue;
            }
            calls++;
            if (sample.outcome() == CallOutcome.UPSTREAM_ERROR || sample.outcome() == CallOutcome.UPSTREAM_TIMEOUT) {
                errors++;
            }
            if (sample.outcome() == CallOutcome.UPSTREAM_TIMEOUT) {
                timeouts++;
            }
            if (sample.outcome() == CallOutcome.OK) {
                latencies[nLatency++] = sample.latencyMs();
                if (sample.ttftMs() != null) {
                    ttfts[nTtft++] = sample.ttftMs();
                }
                if (sample.completionTokens() != null) {
                    tokenCalls++;
                    tokens += sample.completionTokens();
                    if (price != null) {
                        cost += price.costUsd(sample.promptTokens(), sample.completionTokens());
                    }
                }
            }
        }
        this.calls = calls;
        this.errors = errors;
        this.timeouts = timeouts;
        this.latencies = Arrays.copyOf(latencies, nLatency);
        this.ttfts = Arrays.copyOf(ttfts, nTtft);
        Arrays.sort(this.latencies);
        Arrays.sort(this.ttfts);
        this.tokenCalls = tokenCalls;
        this.completionTokens = tokens;
        this.costUsd = cost;
        this.priced = price != null;
        this.verdicts = verdicts;
        this.scoreSum = scores;
    }

    /** @param price the arm's model's price, or null (then no cost is known) */
    public static ArmWindow of(List<GuardrailSample> samples, ModelPrice price) {
        return new ArmWindow(samples, price);
    }

    /** How many observations the metric rests on in this window. */
    public long observations(GuardrailMetric metric) {
        return switch (metric) {
            case LATENCY_P95_MS, LATENCY_P99_MS -> latencies.length;
            case TTFT_P95_MS -> ttfts.length;
            case ERROR_RATE, TIMEOUT_RATE -> calls;
            case COMPLETION_TOKENS_MEAN -> tokenCalls;
            case COST_PER_REQUEST_USD -> priced ? tokenCalls : 0;
            case JUDGE_SCORE_MEAN -> verdicts;
        };
    }

    /** The metric's value; NaN without observations. */
    public double value(GuardrailMetric metric) {
        if (observations(metric) == 0) {
            return Double.NaN;
        }
        return switch (metric) {
            case LATENCY_P95_MS -> nearestRank(latencies, 0.95);
            case LATENCY_P99_MS -> nearestRank(latencies, 0.99);
            case TTFT_P95_MS -> nearestRank(ttfts, 0.95);
            case ERROR_RATE -> (double) errors / calls;
            case TIMEOUT_RATE -> (double) timeouts / calls;
            case COMPLETION_TOKENS_MEAN -> completionTokens / tokenCalls;
            case COST_PER_REQUEST_USD -> costUsd / tokenCalls;
            case JUDGE_SCORE_MEAN -> scoreSum / verdicts;
        };
    }

    /** The smallest value with at least {@code p} of the sorted values at or below it. */
    static double nearestRank(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}

package io.sluice.core.experiment;

import io.sluice.core.judge.Rubric;
import java.time.Duration;

/**
 * The online judge of an experiment. The judge reads sampled traces off the request path.
 *
 * @param rubric what the judge grades on; in the configuration inline, or a YAML file named relative to it
 * @param sampleRate the fraction of all requests judged; never more than the trace sample rate,
 *     because the judge sample is drawn from the traces
 * @param judgmentsPerMinute budget: judgments over it are skipped and counted
 * @param tokensPerHour budget in judge tokens (prompt plus completion)
 * @param capacity judge calls in flight at once
 */
public record JudgeSettings(
        boolean enabled,
        Rubric rubric,
        String model,
        double sampleRate,
        int judgmentsPerMinute,
        long tokensPerHour,
        Duration timeout,
        int capacity,
        int maxRetries) {

    public static JudgeSettings disabled() {
        return new JudgeSettings(false, null, null, 0.0, 60, 1_000_000L, Duration.ofSeconds(30), 8, 2);
    }
}

package io.sluice.flink.guardrails;

import io.sluice.core.event.CallOutcome;
import io.sluice.core.event.Exposure;
import io.sluice.core.event.JudgeScore;

/**
 * What the guardrails job keeps of one request or one verdict: the few numbers its metrics read.
 * An exposure gives the call's outcome, latency, time to first token and tokens; a judge score
 * gives the score (calibrated where a calibration was in force, else raw).
 *
 * @param occurredAtMillis when the call ended (its decision time plus its latency: when its exposure
 *     was written), or the verdict's time, in epoch ms. A window holds the calls that ended in it,
 *     so a model that turns slow is seen when its slow calls end, never as late data however slow.
 * @param judgeScore set for a verdict only; the other fields are then empty
 */
public record GuardrailSample(String experiment, String arm, long occurredAtMillis, CallOutcome outcome,
        long latencyMs, Long ttftMs, Integer promptTokens, Integer completionTokens, Double judgeScore) {

    public static GuardrailSample of(Exposure exposure) {
        return new GuardrailSample(exposure.experiment(), exposure.arm(),
                exposure.decidedAt().toEpochMilli() + exposure.latencyMs(),
                exposure.outcome(), exposure.latencyMs(), exposure.ttftMs(), exposure.promptTokens(),
                exposure.completionTokens(), null);
    }

    /** A verdict as a sample; a failed verdict has no score and is no sample. */
    public static GuardrailSample of(JudgeScore score) {
        Double value = score.calibratedScore() != null ? score.calibratedScore() : score.rawScore();
        return new GuardrailSample(score.experiment(), score.arm(), score.judgedAt().toEpochMilli(), null, 0, null,
                null, null, value);
    }

    public boolean isVerdict() {
        return judgeScore != null;
    }
}

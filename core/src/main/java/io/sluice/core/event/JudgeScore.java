package io.sluice.core.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The judge's verdict on one traced answer. Every score names the judge that produced it (its
 * fingerprint: model, rubric, prompt template and parameters) and the calibration applied, so a
 * score is never compared with one from a different judge by accident.
 *
 * @param axes raw scores per rubric axis, on the rubric's scale
 * @param rawScore the overall raw score (the mean of the axes unless the rubric says otherwise)
 * @param calibratedScore the raw score mapped to the expected human label; absent until a
 *     calibration exists for this fingerprint
 * @param calibrationVersion the version of that calibration; absent with it
 * @param flags what the judge noticed about the content, e.g. {@code addresses_judge}
 * @param failure why no score could be had (unparseable answer, refusal, timeout); the scores are
 *     then absent — a failure is recorded, never turned into a default score
 */
public record JudgeScore(
        int schemaVersion,
        String requestId,
        String experiment,
        String arm,
        String fingerprint,
        Map<String, Double> axes,
        Double rawScore,
        Double calibratedScore,
        Long calibrationVersion,
        List<String> flags,
        String failure,
        long latencyMs,
        Instant judgedAt) {

    public JudgeScore {
        SchemaVersion.require(schemaVersion, "judge_score");
        Required.text(requestId, "request_id");
        Required.text(experiment, "experiment");
        Required.text(arm, "arm");
        Required.text(fingerprint, "fingerprint");
        axes = axes == null ? Map.of() : Map.copyOf(axes);
        axes.forEach((axis, score) -> EventBounds.score(Required.present(score, "axes." + axis), "axes." + axis));
        flags = flags == null ? List.of() : List.copyOf(flags);
        if (failure == null) {
            EventBounds.score(Required.present(rawScore, "raw_score"), "raw_score");
        } else if (rawScore != null) {
            throw new IllegalArgumentException("raw_score: a failed judgment carries no score");
        }
        if ((calibratedScore == null) != (calibrationVersion == null)) {
            throw new IllegalArgumentException("calibrated_score and calibration_version come together");
        }
        if (calibratedScore != null) {
            EventBounds.score(calibratedScore, "calibrated_score");
        }
        EventBounds.eventTime(judgedAt, "judged_at");
    }

    public boolean failed() {
        return failure != null;
    }
}

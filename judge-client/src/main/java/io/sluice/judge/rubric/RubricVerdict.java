package io.sluice.judge.rubric;

import io.sluice.core.event.JudgeScore;
import io.sluice.core.event.SchemaVersion;
import io.sluice.core.event.Trace;
import io.sluice.judge.ContentFlag;
import io.sluice.judge.JudgeFailure;
import io.sluice.judge.JudgeTokens;
import io.sluice.judge.fingerprint.JudgeFingerprint;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The judge's grading of one answer on a rubric: a score, or a recorded failure, never both.
 *
 * @param fingerprint  the judge that graded it
 * @param axes         the grade per rubric axis, in the rubric's order; empty when it failed
 * @param rawScore     the mean of the axes; null when it failed
 * @param failure      why there is no score; null when scored
 * @param flags        what was noticed about the answer (e.g. it addressed the judge)
 * @param removed      the passages removed before grading because they addressed the judge
 * @param rationale    the judge's explanation, when it gave one
 * @param tokens       tokens the call spent (zero when the judge was not asked)
 * @param latency      how long the call took (zero when the judge was not asked)
 */
public record RubricVerdict(
        JudgeFingerprint fingerprint,
        Map<String, Double> axes,
        Double rawScore,
        JudgeFailure failure,
        List<ContentFlag> flags,
        List<String> removed,
        String rationale,
        JudgeTokens tokens,
        Duration latency) {

    public RubricVerdict {
        axes = Collections.unmodifiableMap(new LinkedHashMap<>(axes));
        flags = List.copyOf(flags);
        removed = List.copyOf(removed);
        if ((failure == null) == (rawScore == null)) {
            throw new IllegalArgumentException("a verdict has either a score or a failure");
        }
    }

    public boolean scored() {
        return failure == null;
    }

    public boolean flagged(ContentFlag flag) {
        return flags.contains(flag);
    }

    /** The flags as {@code JudgeScore} carries them ({@code addresses_judge}). */
    public List<String> flagNames() {
        return flags.stream().map(ContentFlag::wireName).toList();
    }

    /** {@code kind: detail} when it failed, else null. */
    public String failureReason() {
        return failure == null ? null : failure.reason();
    }

    /**
     * This verdict as the online judge publishes it, not yet calibrated: the job sets the
     * calibrated score and the calibration version when it has a calibration for the fingerprint.
     */
    public JudgeScore toJudgeScore(Trace trace, Instant judgedAt) {
        return new JudgeScore(SchemaVersion.CURRENT, trace.requestId(), trace.experiment(), trace.arm(),
                fingerprint.value(), axes, rawScore, null, null, flagNames(), failureReason(), latency.toMillis(),
                judgedAt);
    }
}

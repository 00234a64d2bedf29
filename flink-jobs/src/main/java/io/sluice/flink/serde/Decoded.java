package io.sluice.flink.serde;

import io.sluice.core.event.Control;

import io.sluice.core.event.DeadLetter;
import io.sluice.core.event.Exposure;
import io.sluice.core.event.JudgeScore;
import io.sluice.core.event.Label;
import io.sluice.core.event.Reward;
import io.sluice.core.event.Trace;
import io.sluice.flink.calibration.CalibrationChange;
import io.sluice.flink.experiments.SpecChange;
import java.time.Instant;
import java.util.Optional;

/**
 * One record read from an input topic, decoded in the source: exactly one field is set. A record
 * that could not be decoded travels as its {@link DeadLetter}, so it can leave for the dead-letter
 * topic after the source without failing it, while the source's watermark strategy reads the event
 * time of good records per partition. It lives only between a source and its
 * {@link DeadLetterSplit}, which turns it into the typed stream of the topic (see
 * {@link TopicSource#read}); no operator consumes it.
 */
public record Decoded(
        Exposure exposure,
        Reward reward,
        SpecChange spec,
        DeadLetter deadLetter,
        Trace trace,
        JudgeScore judgeScore,
        Label label,
        CalibrationChange calibration,
        Control control) {

    public Decoded {
        int set = (exposure != null ? 1 : 0) + (reward != null ? 1 : 0) + (spec != null ? 1 : 0)
                + (deadLetter != null ? 1 : 0) + (trace != null ? 1 : 0) + (judgeScore != null ? 1 : 0)
                + (label != null ? 1 : 0) + (calibration != null ? 1 : 0) + (control != null ? 1 : 0);
        if (set != 1) {
            throw new IllegalArgumentException("a decoded record holds exactly one thing, found " + set);
        }
    }

    public static Decoded of(Exposure exposure) {
        return new Decoded(exposure, null, null, null, null, null, null, null, null);
    }

    public static Decoded of(Reward reward) {
        return new Decoded(null, reward, null, null, null, null, null, null, null);
    }

    public static Decoded of(SpecChange spec) {
        return new Decoded(null, null, spec, null, null, null, null, null, null);
    }

    public static Decoded of(DeadLetter deadLetter) {
        return new Decoded(null, null, null, deadLetter, null, null, null, null, null);
    }

    public static Decoded of(Trace trace) {
        return new Decoded(null, null, null, null, trace, null, null, null, null);
    }

    public static Decoded of(JudgeScore judgeScore) {
        return new Decoded(null, null, null, null, null, judgeScore, null, null, null);
    }

    public static Decoded of(Label label) {
        return new Decoded(null, null, null, null, null, null, label, null, null);
    }

    public static Decoded of(CalibrationChange calibration) {
        return new Decoded(null, null, null, null, null, null, null, calibration, null);
    }

    public static Decoded of(Control control) {
        return new Decoded(null, null, null, null, null, null, null, null, control);
    }

    public boolean isDeadLetter() {
        return deadLetter != null;
    }

    /**
     * When the event happened: the decision for an exposure and a trace, the user's act for a
     * reward, the verdict for a judge score, the receipt for a label. Specs, calibrations, controls
     * and dead letters have no event time and must not move a watermark.
     */
    public Optional<Instant> eventTime() {
        if (exposure != null) {
            return Optional.of(exposure.decidedAt());
        }
        if (reward != null) {
            return Optional.of(reward.occurredAt());
        }
        if (judgeScore != null) {
            return Optional.of(judgeScore.judgedAt());
        }
        if (label != null) {
            return Optional.of(label.receivedAt());
        }
        if (trace != null) {
            return Optional.of(trace.decidedAt());
        }
        return Optional.empty();
    }
}

package io.sluice.flink.agreement;

import io.sluice.core.event.JudgeScore;
import io.sluice.core.event.Label;

/**
 * What the label join consumes: a judge score or a human label of one answer, each from its own
 * typed stream. A record of two nullable parts rather than a sealed type, so that Flink
 * serializes it as a POJO, without Kryo.
 */
public record PairEvent(JudgeScore score, Label label) {

    public static PairEvent of(JudgeScore score) {
        return new PairEvent(score, null);
    }

    public static PairEvent of(Label label) {
        return new PairEvent(null, label);
    }

    /** The answer it is about: the join's key. */
    public String requestId() {
        return score != null ? score.requestId() : label.requestId();
    }
}

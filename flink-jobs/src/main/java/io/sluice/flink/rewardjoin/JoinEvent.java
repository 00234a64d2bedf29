package io.sluice.flink.rewardjoin;

import io.sluice.core.event.Exposure;
import io.sluice.core.event.JudgeScore;
import io.sluice.core.event.Reward;

/**
 * What the reward join consumes: one of an exposure, a reward or a judge score, each from its own
 * typed stream. A record of three nullable parts rather than a sealed type, so that Flink
 * serializes it as a POJO, without Kryo.
 */
public record JoinEvent(Exposure exposure, Reward reward, JudgeScore judgeScore) {

    public static JoinEvent of(Exposure exposure) {
        return new JoinEvent(exposure, null, null);
    }

    public static JoinEvent of(Reward reward) {
        return new JoinEvent(null, reward, null);
    }

    public static JoinEvent of(JudgeScore judgeScore) {
        return new JoinEvent(null, null, judgeScore);
    }

    /** The request it belongs to: the join's key. */
    public String requestId() {
        return exposure != null ? exposure.requestId() : reward != null ? reward.requestId() : judgeScore.requestId();
    }
}

package io.sluice.flink.rewardjoin;

import io.sluice.core.event.Exposure;
import io.sluice.core.event.JudgeScore;
import io.sluice.core.event.Reward;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the reward join keeps about an open request, in one keyed value: one state read and
 * at most one write per event, where separate states for the exposure, the rewards and the judge
 * scores cost three reads and, at settlement, map iterations (seeks, on RocksDB). Once the request
 * is settled this value is removed; only the settled marker stays ({@link RewardJoinFunction}).
 *
 * @param decision the exposure, once it has arrived; null before it and after settlement
 * @param rewards the rewards received, in arrival order, one per report ({@link RewardJoinFunction#sameReport})
 * @param judgeScores the calibrated judge scores received, one per fingerprint, the first to arrive
 * @param awaitingSpec whether the separate marker of an exposure waiting for its spec is set
 */
public record RequestJoin(Exposure decision, List<Reward> rewards, List<JudgeScore> judgeScores,
        boolean awaitingSpec) {

    public RequestJoin {
        rewards = rewards == null ? List.of() : rewards;
        judgeScores = judgeScores == null ? List.of() : judgeScores;
    }

    static final RequestJoin EMPTY = new RequestJoin(null, List.of(), List.of(), false);

    /** Whether nothing is held but, perhaps, the flag of the separate awaiting-spec marker. */
    boolean holdsNothing() {
        return decision == null && rewards.isEmpty() && judgeScores.isEmpty();
    }

    RequestJoin withDecision(Exposure exposure) {
        return new RequestJoin(exposure, rewards, judgeScores, awaitingSpec);
    }

    RequestJoin withAwaitingSpec(boolean awaiting) {
        return new RequestJoin(decision, rewards, judgeScores, awaiting);
    }

    RequestJoin withReward(Reward reward) {
        List<Reward> more = new ArrayList<>(rewards.size() + 1);
        more.addAll(rewards);
        more.add(reward);
        return new RequestJoin(decision, more, judgeScores, awaitingSpec);
    }

    RequestJoin withJudgeScore(JudgeScore score) {
        List<JudgeScore> more = new ArrayList<>(judgeScores.size() + 1);
        more.addAll(judgeScores);
        more.add(score);
        return new RequestJoin(decision, rewards, more, awaitingSpec);
    }

    RequestJoin withWaiting(List<Reward> keptRewards, List<JudgeScore> keptScores) {
        return new RequestJoin(decision, keptRewards, keptScores, awaitingSpec);
    }
}

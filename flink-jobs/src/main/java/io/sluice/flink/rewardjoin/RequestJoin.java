package io.sluice.flink.rewardjoin;

import io.sluice.core.event.Exposure;
import io.sluice.core.event.JudgeScore;
import io.sluice.core.event.Reward;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the reward join keeps about one request, in one keyed value: one state read and at
 * most one write per event, where separate states for the exposure, the rewards, the judge scores
 * and the settled marker cost four reads and, at settlement, map iterations (seeks, on RocksDB).
 *
 * @param decision the exposure, once it has arrived; null before it and after settlement
 * @param rewards the rewards received, in arrival order, one per report ({@link RewardJoinFunction#sameReport})
 * @param judgeScores the calibrated judge scores received, one per fingerprint, the first to arrive
 * @param settledAt the event time the request was settled (or given up) at; null while it is open
 * @param awaitingSpec whether the separate marker of an exposure waiting for its spec is set
 */
public record RequestJoin(Exposure decision, List<Reward> rewards, List<JudgeScore> judgeScores, Long settledAt,
        boolean awaitingSpec) {

    public RequestJoin {
        rewards = rewards == null ? List.of() : rewards;
        judgeScores = judgeScores == null ? List.of() : judgeScores;
    }

    static final RequestJoin EMPTY = new RequestJoin(null, List.of(), List.of(), null, false);

    /** What remains once the request is settled: the marker that recognises late rewards. */
    static RequestJoin settled(long at) {
        return new RequestJoin(null, List.of(), List.of(), at, false);
    }

    boolean isSettled() {
        return settledAt != null;
    }

    boolean isEmpty() {
        return decision == null && rewards.isEmpty() && judgeScores.isEmpty() && settledAt == null && !awaitingSpec;
    }

    RequestJoin withDecision(Exposure exposure) {
        return new RequestJoin(exposure, rewards, judgeScores, settledAt, awaitingSpec);
    }

    RequestJoin withAwaitingSpec(boolean awaiting) {
        return new RequestJoin(decision, rewards, judgeScores, settledAt, awaiting);
    }

    RequestJoin withReward(Reward reward) {
        List<Reward> more = new ArrayList<>(rewards.size() + 1);
        more.addAll(rewards);
        more.add(reward);
        return new RequestJoin(decision, more, judgeScores, settledAt, awaitingSpec);
    }

    RequestJoin withJudgeScore(JudgeScore score) {
        List<JudgeScore> more = new ArrayList<>(judgeScores.size() + 1);
        more.addAll(judgeScores);
        more.add(score);
        return new RequestJoin(decision, rewards, more, settledAt, awaitingSpec);
    }

    RequestJoin withWaiting(List<Reward> keptRewards, List<JudgeScore> keptScores) {
        return new RequestJoin(decision, keptRewards, keptScores, settledAt, awaitingSpec);
    }
}

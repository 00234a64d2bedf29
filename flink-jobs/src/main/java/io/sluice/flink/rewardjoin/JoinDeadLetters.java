package io.sluice.flink.rewardjoin;

import io.sluice.flink.serde.GivenUpRecord;
import io.sluice.core.event.DeadLetter;
import io.sluice.core.event.DeadLetterCause;
import io.sluice.core.event.Exposure;
import io.sluice.core.event.JudgeScore;
import io.sluice.core.event.Reward;
import io.sluice.core.event.SchemaVersion;
import io.sluice.core.json.HumanDuration;
import io.sluice.core.topic.Topic;
import java.time.Instant;

/**
 * The dead letters the reward join writes, each with its original record and a reason that says
 * what the app (or the operator) can do about it.
 */
final class JoinDeadLetters {
    private final RewardJoinSettings settings;

    JoinDeadLetters(RewardJoinSettings settings) {
        this.settings = settings;
    }

    /** Feedback that came after its request's outcome was settled at {@code settledAt} (event time). */
    DeadLetter late(Reward reward, long settledAt, Instant now) {
        return letter(Topic.REWARDS, reward.requestId(), reward, "late " + reward.signal().wireName()
                + " reward: the outcome of request_id " + reward.requestId() + " was settled at "
                + Instant.ofEpochMilli(settledAt) + ", when its attribution window closed, before this reward "
                + "reached the job", DeadLetterCause.LATE_REWARD, now);
    }

    /** A decision whose experiment's spec did not come within the spec wait. */
    DeadLetter withoutSpec(Exposure decision, Instant now) {
        return letter(Topic.EXPOSURES, decision.requestId(), decision, "exposure not settled: the spec of "
                + "experiment '" + decision.experiment() + "' did not arrive within " + settings.specWait(),
                DeadLetterCause.NO_SPEC, now);
    }

    /** Feedback whose decision never arrived within the orphan TTL. */
    DeadLetter orphan(Reward reward, Instant now) {
        return letter(Topic.REWARDS, reward.requestId(), reward, "unmatched " + reward.signal().wireName()
                + " reward: " + orphanReason(reward.requestId()), DeadLetterCause.UNMATCHED_REWARD, now);
    }

    /** A judge score whose decision never arrived within the orphan TTL. */
    DeadLetter orphan(JudgeScore score, Instant now) {
        return letter(Topic.JUDGE_SCORES, score.requestId(), score, "unmatched judge score: "
                + orphanReason(score.requestId()), DeadLetterCause.UNMATCHED_REWARD, now);
    }

    private String orphanReason(String requestId) {
        return "no exposure with request_id " + requestId + " arrived within the orphan TTL ("
                + HumanDuration.format(settings.orphanRewardTtl()) + "): the id was never issued, its decision was "
                + "lost, or it came more than " + HumanDuration.format(settings.settledRetention())
                + " after its outcome was settled";
    }

    private DeadLetter letter(Topic source, String key, Object original, String reason, DeadLetterCause cause,
            Instant now) {
        return new DeadLetter(SchemaVersion.CURRENT, settings.topics().of(source), -1, -1, key,
                GivenUpRecord.bytes(original), reason, cause, settings.consumer(), now);
    }
}

package io.sluice.flink.rewardjoin;

import static io.sluice.flink.job.SettingsCheck.requirePositive;

import io.sluice.core.config.JobSettings;
import io.sluice.core.config.JobSettingsReader;
import io.sluice.core.topic.TopicNames;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How long the reward join keeps what it waits for.
 *
 * @param orphanRewardTtl how long a reward whose exposure has not arrived waits for it, in event
 *     time from the reward's own time; then it goes to the dead-letter topic with the reason
 * @param settledRetention how long a request is remembered as settled after its outcome, in event
 *     time, so that rewards arriving later are recognised as late (side output, counted) rather
 *     than held as orphans; after that they are orphans and expire. The marker itself leaves
 *     state this long after it was written, in processing time (state TTL)
 * @param specWait how long an exposure waits for its experiment's spec, in processing time from
 *     its arrival (event time would run out in moments while a backlog is replayed); then it goes
 *     to the dead-letter topic with the reason
 * @param topics names the sources of the records given up (exposures without a spec, orphan rewards)
 * @param consumer names this job in dead letters
 */
public record RewardJoinSettings(
        Duration orphanRewardTtl, Duration settledRetention, Duration specWait, TopicNames topics, String consumer)
        implements Serializable {

    public RewardJoinSettings {
        requirePositive(orphanRewardTtl, "orphanRewardTtl");
        requirePositive(settledRetention, "settledRetention");
        requirePositive(specWait, "specWait");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(consumer, "consumer");
    }

    public static RewardJoinSettings defaults(TopicNames topics, String consumer) {
        JobSettings jobs = JobSettingsReader.defaults();
        return new RewardJoinSettings(jobs.orphanRewardTtl(), jobs.settledRetention(), jobs.specWait(), topics,
                consumer);
    }
}

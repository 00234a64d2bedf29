package io.sluice.flink.bandit;

import static io.sluice.flink.job.SettingsCheck.requireJob;
import static io.sluice.flink.job.SettingsCheck.requirePositive;
import static io.sluice.flink.job.SettingsCheck.requireText;

import io.sluice.core.config.JobSettings;
import io.sluice.core.config.JobSettingsReader;
import io.sluice.flink.job.TransactionalJob;
import io.sluice.core.topic.TopicNames;
import io.sluice.flink.rewardjoin.RewardJoinSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the bandit loop job is configured by. Defaults live here, and only here.
 *
 * @param bootstrapServers the Kafka cluster, {@code host:port[,host:port]}
 * @param topics topic names under the deployment's prefix
 * @param jobName the Flink job's name; also the consumer named in dead letters
 * @param consumerGroup the group under which the sources commit their offsets (for monitoring
 *     lag; the job resumes from its checkpoints, not from these offsets)
 * @param transactionalIdPrefix prefix of the exactly-once outcome sink's transactional ids;
 *     unique per job on the cluster and stable across restarts, or recovery cannot abort the
 *     transactions a failed attempt left open
 * @param outOfOrderness how far behind the newest event time seen on a partition an event may
 *     still arrive; the watermark trails by this much, so every outcome appears about this long
 *     after its window closes
 * @param idleness how long a partition may go without records before its watermark stops
 *     waiting for them and follows the wall clock, {@code outOfOrderness + idleness} behind; so
 *     without traffic an outcome appears at most this much later than with it
 * @param orphanRewardTtl how long a reward waits for its exposure (event time)
 * @param settledRetention how long a settled request is remembered, to recognise late rewards
 * @param specWait how long an exposure or outcome waits for its experiment's spec (processing time)
 * @param transactionTimeout the outcome sink's Kafka transaction timeout; must exceed the longest
 *     checkpoint plus restart, and be at most the broker's {@code transaction.max.timeout.ms}
 *     (15 minutes on a default broker)
 * @param parallelism parallelism of every operator
 * @param bounded read the input topics up to the offsets they have when the job starts, then
 *     finish (flushing every pending window); for tests and backfills. Otherwise run forever.
 */
public record BanditLoopSettings(
        String bootstrapServers,
        TopicNames topics,
        String jobName,
        String consumerGroup,
        String transactionalIdPrefix,
        Duration outOfOrderness,
        Duration idleness,
        Duration orphanRewardTtl,
        Duration settledRetention,
        Duration specWait,
        Duration transactionTimeout,
        int parallelism,
        boolean bounded) implements TransactionalJob<BanditLoopSettings> {

    public static final String DEFAULT_JOB_NAME = "sluice-bandit-loop";

    public BanditLoopSettings {
        requireJob(bootstrapServers, topics, jobName, consumerGroup, parallelism);
        requireText(transactionalIdPrefix, "transactionalIdPrefix");
        Objects.requireNonNull(outOfOrderness, "outOfOrderness");
        if (outOfOrderness.isNegative()) {
            throw new IllegalArgumentException("outOfOrderness must not be negative, was " + outOfOrderness);
        }
        requirePositive(idleness, "idleness");
        requirePositive(transactionTimeout, "transactionTimeout");
        // Validates the three waits.
        new RewardJoinSettings(orphanRewardTtl, settledRetention, specWait, TopicNames.defaults(), "-");
    }

    /**
     * The job as {@code jobs} configures it: out-of-orderness, idleness, the orphan TTL, the settled
     * retention, the spec wait, the transaction timeout and the parallelism. Named
     * {@value #DEFAULT_JOB_NAME} (also the consumer group and the transactional id prefix); unbounded.
     */
    public static BanditLoopSettings of(JobSettings jobs, String bootstrapServers, TopicNames topics) {
        return new BanditLoopSettings(bootstrapServers, topics, DEFAULT_JOB_NAME, DEFAULT_JOB_NAME, DEFAULT_JOB_NAME,
                jobs.outOfOrderness(), jobs.idleness(), jobs.orphanRewardTtl(), jobs.settledRetention(),
                jobs.specWait(), jobs.transactionTimeout(), jobs.parallelism(), false);
    }

    /** Every knob at the default of {@link JobSettingsReader#defaults}. */
    public static BanditLoopSettings defaults(String bootstrapServers, TopicNames topics) {
        return of(JobSettingsReader.defaults(), bootstrapServers, topics);
    }

    /** A job under another name, with its consumer group and transactional ids following the name. */
    @Override
    public BanditLoopSettings withJobName(String name) {
        return new BanditLoopSettings(bootstrapServers, topics, name, name, name, outOfOrderness, idleness,
                orphanRewardTtl, settledRetention, specWait, transactionTimeout, parallelism, bounded);
    }

    @Override
    public BanditLoopSettings withConsumerGroup(String group) {
        return new BanditLoopSettings(bootstrapServers, topics, jobName, group, transactionalIdPrefix,
                outOfOrderness, idleness, orphanRewardTtl, settledRetention, specWait, transactionTimeout,
                parallelism, bounded);
    }

    @Override
    public BanditLoopSettings withTransactionalIdPrefix(String prefix) {
        return new BanditLoopSettings(bootstrapServers, topics, jobName, consumerGroup, prefix, outOfOrderness,
                idleness, orphanRewardTtl, settledRetention, specWait, transactionTimeout, parallelism, bounded);
    }

    public BanditLoopSettings withEventTime(Duration outOfOrderness, Duration idleness) {
        return new BanditLoopSettings(bootstrapServers, topics, jobName, consumerGroup, transactionalIdPrefix,
                outOfOrderness, idleness, orphanRewardTtl, settledRetention, specWait, transactionTimeout,
                parallelism, bounded);
    }

    public BanditLoopSettings withWaits(Duration orphanRewardTtl, Duration settledRetention, Duration specWait) {
        return new BanditLoopSettings(bootstrapServers, topics, jobName, consumerGroup, transactionalIdPrefix,
                outOfOrderness, idleness, orphanRewardTtl, settledRetention, specWait, transactionTimeout,
                parallelism, bounded);
    }

    public BanditLoopSettings withTransactionTimeout(Duration timeout) {
        return new BanditLoopSettings(bootstrapServers, topics, jobName, consumerGroup, transactionalIdPrefix,
                outOfOrderness, idleness, orphanRewardTtl, settledRetention, specWait, timeout, parallelism,
                bounded);
    }

    public BanditLoopSettings withParallelism(int parallelism) {
        return new BanditLoopSettings(bootstrapServers, topics, jobName, consumerGroup, transactionalIdPrefix,
                outOfOrderness, idleness, orphanRewardTtl, settledRetention, specWait, transactionTimeout,
                parallelism, bounded);
    }

    public BanditLoopSettings withBounded(boolean bounded) {
        return new BanditLoopSettings(bootstrapServers, topics, jobName, consumerGroup, transactionalIdPrefix,
                outOfOrderness, idleness, orphanRewardTtl, settledRetention, specWait, transactionTimeout,
                parallelism, bounded);
    }

    public RewardJoinSettings joinSettings() {
        return new RewardJoinSettings(orphanRewardTtl, settledRetention, specWait, topics, jobName);
    }
}

package io.sluice.core.config;

import io.sluice.core.monitor.JudgeMonitorSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The Flink jobs of the learning path: one set of knobs, read from the {@code jobs:} section of the
 * configuration when the jobs run embedded ({@code sluice demo}, {@code sluice serve}) and from the
 * same names as flags ({@code --spec-wait 30m}, {@code --judge.max-in-flight 32}) when they run on a
 * Flink cluster (see {@link JobSettingsReader}).
 *
 * @param embedded run the jobs in this process, on a Flink MiniCluster
 * @param checkpointDir where checkpoints go; the newest one is resumed from on the next start
 * @param checkpointInterval how often state and Kafka offsets are checkpointed together (and how
 *     often the exactly-once outcomes become visible)
 * @param parallelism parallelism of every operator but the spec readers
 * @param outOfOrderness how late an event may arrive, in event time, without counting as late
 * @param idleness how long a partition may stay silent before it stops holding the watermark back
 * @param judge how the online judge calls its endpoint
 * @param judgeMonitor how the agreement job calibrates each judge and watches it drift
 * @param orphanRewardTtl how long a reward (or judge score) waits for its exposure, in event time
 *     from its own time, before the bandit loop gives it up as a dead letter ({@code unmatched_reward})
 * @param pairTtl how long a judge score and a human label of one answer wait for each other in the
 *     agreement job, in processing time; a label no score met by then is a dead letter
 *     ({@code unmatched_label})
 * @param settledRetention how long the bandit loop remembers a settled request, in event time, to
 *     recognise its late rewards ({@code late_reward}); later ones are orphans again. The marker
 *     leaves state the same time after it was written, in processing time (state TTL)
 * @param specWait how long a record waits for its experiment's spec, in processing time, before it
 *     is a dead letter ({@code no_spec})
 * @param transactionTimeout the Kafka transaction timeout of the exactly-once sinks; must exceed
 *     the longest checkpoint plus restart, and be at most the broker's
 *     {@code transaction.max.timeout.ms} (15 minutes on a default broker)
 */
public record JobSettings(
        boolean embedded,
        Path checkpointDir,
        Duration checkpointInterval,
        int parallelism,
        Duration outOfOrderness,
        Duration idleness,
        JudgeJobSettings judge,
        JudgeMonitorSettings judgeMonitor,
        Duration orphanRewardTtl,
        Duration pairTtl,
        Duration settledRetention,
        Duration specWait,
        Duration transactionTimeout) {

    /** Long enough for an exposure written late (an upstream call of minutes) to meet its early rewards. */
    public static final Duration DEFAULT_ORPHAN_REWARD_TTL = Duration.ofHours(1);
    /** Long enough for annotators working through a day's queue to label what the judge scored. */
    public static final Duration DEFAULT_PAIR_TTL = Duration.ofHours(48);
    public static final Duration DEFAULT_SETTLED_RETENTION = Duration.ofHours(24);
    public static final Duration DEFAULT_SPEC_WAIT = Duration.ofHours(1);
    public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofMinutes(15);

    public JobSettings withEmbedded(boolean run) {
        return new JobSettings(run, checkpointDir, checkpointInterval, parallelism, outOfOrderness, idleness, judge,
                judgeMonitor, orphanRewardTtl, pairTtl, settledRetention, specWait, transactionTimeout);
    }

    public JobSettings withCheckpointDir(Path dir) {
        return new JobSettings(embedded, dir, checkpointInterval, parallelism, outOfOrderness, idleness, judge,
                judgeMonitor, orphanRewardTtl, pairTtl, settledRetention, specWait, transactionTimeout);
    }
}

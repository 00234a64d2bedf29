package io.sluice.core.config;

import io.sluice.core.monitor.JudgeMonitorSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The Flink jobs of the learning path, as the embedded runtime runs them ({@code sluice demo} and
 * {@code sluice serve}); at scale they run on a Flink cluster with their own arguments.
 *
 * @param embedded run the jobs in this process, on a Flink MiniCluster
 * @param checkpointDir where checkpoints go; the newest one is resumed from on the next start
 * @param checkpointInterval how often state and Kafka offsets are checkpointed together (and how
 *     often the exactly-once outcomes become visible)
 * @param outOfOrderness how late an event may arrive, in event time, without counting as late
 * @param idleness how long a partition may stay silent before it stops holding the watermark back
 * @param judgeBaseUrl the OpenAI-compatible endpoint the online judge calls; absent means the
 *     router's upstream
 * @param judgeApiKey where the judge endpoint's key comes from
 * @param judgeMonitor how the agreement job calibrates each judge and watches it drift
 * @param orphanRewardTtl how long a reward (or judge score) waits for its exposure, in event time
 *     from its own time, before the bandit loop gives it up as a dead letter ({@code unmatched_reward})
 * @param pairTtl how long a judge score and a human label of one answer wait for each other in the
 *     agreement job, in processing time; a label no score met by then is a dead letter
 *     ({@code unmatched_label})
 */
public record JobSettings(
        boolean embedded,
        Path checkpointDir,
        Duration checkpointInterval,
        int parallelism,
        Duration outOfOrderness,
        Duration idleness,
        String judgeBaseUrl,
        SecretRef judgeApiKey,
        JudgeMonitorSettings judgeMonitor,
        Duration orphanRewardTtl,
        Duration pairTtl) {

    /** Long enough for an exposure written late (an upstream call of minutes) to meet its early rewards. */
    public static final Duration DEFAULT_ORPHAN_REWARD_TTL = Duration.ofHours(1);
    /** Long enough for annotators working through a day's queue to label what the judge scored. */
    public static final Duration DEFAULT_PAIR_TTL = Duration.ofHours(48);

    public JobSettings withEmbedded(boolean run) {
        return new JobSettings(run, checkpointDir, checkpointInterval, parallelism, outOfOrderness, idleness,
                judgeBaseUrl, judgeApiKey, judgeMonitor, orphanRewardTtl, pairTtl);
    }

    public JobSettings withCheckpointDir(Path dir) {
        return new JobSettings(embedded, dir, checkpointInterval, parallelism, outOfOrderness, idleness, judgeBaseUrl,
                judgeApiKey, judgeMonitor, orphanRewardTtl, pairTtl);
    }
}

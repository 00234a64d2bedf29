package io.sluice.flink.agreement;

import static io.sluice.flink.job.SettingsCheck.requireJob;
import static io.sluice.flink.job.SettingsCheck.requirePositive;
import static io.sluice.flink.job.SettingsCheck.requireText;

import io.sluice.core.config.JobSettings;
import io.sluice.core.config.JobSettingsReader;
import io.sluice.flink.job.TransactionalJob;
import io.sluice.core.monitor.JudgeMonitorSettings;
import io.sluice.core.topic.TopicNames;
import java.time.Duration;
import java.util.Objects;

/**
 * How the agreement job runs.
 *
 * @param bootstrapServers the Kafka cluster
 * @param topics the topic names
 * @param jobName the Flink job's name; also names the job in dead letters and client ids
 * @param consumerGroup the consumer group whose committed offsets scores and labels are read from
 * @param transactionalIdPrefix prefix of the Kafka transactions of the calibration and alert sinks;
 *     unique per job on a cluster, stable across its restarts
 * @param monitor the judge monitor's knobs: window, first fit, refit, drift tests, recovery (see
 *     {@link JudgeMonitorSettings}); defaults {@link JudgeMonitorSettings#DEFAULTS}: the first
 *     calibration after 100 labelled pairs of a judge
 * @param pairTtl how long a judge score waits for its labels, and a label for its score (processing
 *     time, from when it arrived); annotators who label later than this are not paired
 * @param specWait how long the first pairs of a judge wait for their experiment's spec, whose rubric
 *     gives the scale (processing time); then they are dead letters
 * @param transactionTimeout the Kafka transaction timeout of the exactly-once sinks; must exceed
 *     the longest checkpoint plus restart, and be at most the broker's
 *     {@code transaction.max.timeout.ms} (15 minutes on a default broker)
 * @param parallelism parallelism of every operator but the spec reader
 * @param bounded read scores and labels up to the offsets they have when the job starts, then
 *     finish; for tests and backfills. Otherwise run forever.
 */
public record AgreementSettings(
        String bootstrapServers,
        TopicNames topics,
        String jobName,
        String consumerGroup,
        String transactionalIdPrefix,
        JudgeMonitorSettings monitor,
        Duration pairTtl,
        Duration specWait,
        Duration transactionTimeout,
        int parallelism,
        boolean bounded) implements TransactionalJob<AgreementSettings> {

    public static final String DEFAULT_JOB_NAME = "sluice-agreement";

    public AgreementSettings {
        requireJob(bootstrapServers, topics, jobName, consumerGroup, parallelism);
        requireText(transactionalIdPrefix, "transactionalIdPrefix");
        Objects.requireNonNull(monitor, "monitor");
        requirePositive(pairTtl, "pairTtl");
        requirePositive(specWait, "specWait");
        requirePositive(transactionTimeout, "transactionTimeout");
    }

    /**
     * The job as {@code jobs} configures it: the judge monitor, the pair TTL, the spec wait, the
     * transaction timeout and the parallelism. Named {@value #DEFAULT_JOB_NAME} (also the consumer
     * group and the transactional id prefix); unbounded.
     */
    public static AgreementSettings of(JobSettings jobs, String bootstrapServers, TopicNames topics) {
        return new AgreementSettings(bootstrapServers, topics, DEFAULT_JOB_NAME, DEFAULT_JOB_NAME, DEFAULT_JOB_NAME,
                jobs.judgeMonitor(), jobs.pairTtl(), jobs.specWait(), jobs.transactionTimeout(), jobs.parallelism(),
                false);
    }

    /** Every knob at the default of {@link JobSettingsReader#defaults}. */
    public static AgreementSettings defaults(String bootstrapServers, TopicNames topics) {
        return of(JobSettingsReader.defaults(), bootstrapServers, topics);
    }

    /** A job under another name, with its consumer group and transactional ids following the name. */
    @Override
    public AgreementSettings withJobName(String name) {
        return new AgreementSettings(bootstrapServers, topics, name, name, name, monitor, pairTtl, specWait,
                transactionTimeout, parallelism, bounded);
    }

    @Override
    public AgreementSettings withConsumerGroup(String group) {
        return new AgreementSettings(bootstrapServers, topics, jobName, group, transactionalIdPrefix, monitor, pairTtl,
                specWait, transactionTimeout, parallelism, bounded);
    }

    @Override
    public AgreementSettings withTransactionalIdPrefix(String prefix) {
        return new AgreementSettings(bootstrapServers, topics, jobName, consumerGroup, prefix, monitor, pairTtl,
                specWait, transactionTimeout, parallelism, bounded);
    }

    public AgreementSettings withMonitor(JudgeMonitorSettings settings) {
        return new AgreementSettings(bootstrapServers, topics, jobName, consumerGroup, transactionalIdPrefix, settings,
                pairTtl, specWait, transactionTimeout, parallelism, bounded);
    }

    public AgreementSettings withWaits(Duration pairTtl, Duration specWait) {
        return new AgreementSettings(bootstrapServers, topics, jobName, consumerGroup, transactionalIdPrefix, monitor,
                pairTtl, specWait, transactionTimeout, parallelism, bounded);
    }

    public AgreementSettings withTransactionTimeout(Duration timeout) {
        return new AgreementSettings(bootstrapServers, topics, jobName, consumerGroup, transactionalIdPrefix, monitor,
                pairTtl, specWait, timeout, parallelism, bounded);
    }

    public AgreementSettings withParallelism(int parallelism) {
        return new AgreementSettings(bootstrapServers, topics, jobName, consumerGroup, transactionalIdPrefix, monitor,
                pairTtl, specWait, transactionTimeout, parallelism, bounded);
    }

    public AgreementSettings withBounded(boolean bounded) {
        return new AgreementSettings(bootstrapServers, topics, jobName, consumerGroup, transactionalIdPrefix, monitor,
                pairTtl, specWait, transactionTimeout, parallelism, bounded);
    }
}

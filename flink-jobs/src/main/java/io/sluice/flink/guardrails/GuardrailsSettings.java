package io.sluice.flink.guardrails;

import static io.sluice.flink.job.SettingsCheck.requireJob;
import static io.sluice.flink.job.SettingsCheck.requirePositive;
import static io.sluice.flink.job.SettingsCheck.requireText;

import io.sluice.core.config.JobSettings;
import io.sluice.core.config.JobSettingsReader;
import io.sluice.core.topic.TopicNames;
import io.sluice.flink.job.TransactionalJob;
import java.time.Duration;
import java.util.Objects;

/**
 * How the guardrails job runs.
 *
 * @param bootstrapServers the Kafka cluster
 * @param topics the topic names
 * @param jobName the Flink job's name; also names the job in dead letters and client ids
 * @param consumerGroup the consumer group whose committed offsets exposures and judge scores are read from
 * @param transactionalIdPrefix prefix of the Kafka transactions of the alert and dead-letter sinks
 * @param outOfOrderness how far behind the newest event an event may come and still be in its window
 * @param idleness after how long without records a partition stops holding the watermark back
 * @param specWait how long a sample waits for its experiment's spec (processing time); then it is a dead letter
 * @param transactionTimeout the Kafka transaction timeout of the exactly-once sinks
 * @param parallelism parallelism of every operator but the spec reader
 * @param bounded read up to the offsets the topics have when the job starts, then finish; for tests
 */
public record GuardrailsSettings(
        String bootstrapServers,
        TopicNames topics,
        String jobName,
        String consumerGroup,
        String transactionalIdPrefix,
        Duration outOfOrderness,
        Duration idleness,
        Duration specWait,
        Duration transactionTimeout,
        int parallelism,
        boolean bounded) implements TransactionalJob<GuardrailsSettings> {

    public static final String DEFAULT_JOB_NAME = "sluice-guardrails";

    public GuardrailsSettings {
        requireJob(bootstrapServers, topics, jobName, consumerGroup, parallelism);
        requireText(transactionalIdPrefix, "transactionalIdPrefix");
        Objects.requireNonNull(outOfOrderness, "outOfOrderness");
        requirePositive(idleness, "idleness");
        requirePositive(specWait, "specWait");
        requirePositive(transactionTimeout, "transactionTimeout");
    }

    /**
     * The job as {@code jobs} configures it: out-of-orderness, idleness, spec wait, transaction
     * timeout and parallelism. Named {@value #DEFAULT_JOB_NAME} (also the consumer group and the
     * transactional id prefix); unbounded.
     */
    public static GuardrailsSettings of(JobSettings jobs, String bootstrapServers, TopicNames topics) {
        return new GuardrailsSettings(bootstrapServers, topics, DEFAULT_JOB_NAME, DEFAULT_JOB_NAME, DEFAULT_JOB_NAME,
                jobs.outOfOrderness(), jobs.idleness(), jobs.specWait(), jobs.transactionTimeout(), jobs.parallelism(),
                false);
    }

    /** Every knob at the default of {@link JobSettingsReader#defaults}. */
    public static GuardrailsSettings defaults(String bootstrapServers, TopicNames topics) {
        return of(JobSettingsReader.defaults(), bootstrapServers, topics);
    }

    @Override
    public GuardrailsSettings withJobName(String name) {
        return new GuardrailsSettings(bootstrapServers, topics, name, name, name, outOfOrderness, idleness, specWait,
                transactionTimeout, parallelism, bounded);
    }

    @Override
    public GuardrailsSettings withConsumerGroup(String group) {
        return new GuardrailsSettings(bootstrapServers, topics, jobName, group, transactionalIdPrefix, outOfOrderness,
                idleness, specWait, transactionTimeout, parallelism, bounded);
    }

    @Override
    public GuardrailsSettings withTransactionalIdPrefix(String prefix) {
        return new GuardrailsSettings(bootstrapServers, topics, jobName, consumerGroup, prefix, outOfOrderness,
                idleness, specWait, transactionTimeout, parallelism, bounded);
    }

    public GuardrailsSettings withBounded(boolean bounded) {
        return new GuardrailsSettings(bootstrapServers, topics, jobName, consumerGroup, transactionalIdPrefix,
                outOfOrderness, idleness, specWait, transactionTimeout, parallelism, bounded);
    }
}

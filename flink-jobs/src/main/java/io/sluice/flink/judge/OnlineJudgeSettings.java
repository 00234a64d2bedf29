package io.sluice.flink.judge;

import static io.sluice.flink.job.SettingsCheck.requireAtLeastOne;
import static io.sluice.flink.job.SettingsCheck.requireJob;
import static io.sluice.flink.job.SettingsCheck.requirePositive;

import io.sluice.core.config.JobSettings;
import io.sluice.core.config.JobSettingsReader;
import io.sluice.core.config.JudgeJobSettings;
import io.sluice.flink.job.NamedJob;
import io.sluice.core.topic.TopicNames;
import java.time.Duration;
import java.util.Objects;

/**
 * How the online judge job runs. What an experiment's judge is (model, rubric, sample rate,
 * budget, capacity, timeout, retries) comes from its spec; these are the job's own settings.
 *
 * @param bootstrapServers the Kafka cluster
 * @param topics the topic names
 * @param jobName the Flink job's name; also names the job in dead letters and client ids
 * @param consumerGroup the consumer group whose committed offsets the traces are read from
 * @param endpoint the judge endpoint every call goes to
 * @param specWait how long a trace waits for its experiment's spec (processing time), then it is
 *     a dead letter
 * @param maxInFlight the async operator's capacity per parallel instance: traces being judged,
 *     waiting for their experiment's capacity or for a retry, all together. Each experiment's own
 *     {@code capacity} bounds its running calls within this.
 * @param asyncTimeout the operator's last-resort timeout for one trace, from its arrival to its
 *     verdict, over every attempt and the waits between them; must exceed the longest an
 *     experiment's calls can take ({@code (max_retries + 1) × timeout} plus backoffs and waiting its
 *     turn), or slow judgments turn into timeouts early
 * @param retryBackoff the wait before a call's first retry; doubled for each further retry
 * @param maxRetryBackoff the longest wait before a retry
 * @param parallelism parallelism of the judging operators (the specs and calibrations are read by one
 *     instance each)
 * @param bounded read the traces up to the offsets they have when the job starts, judge them, then
 *     finish; for tests and backfills. Otherwise run forever.
 */
public record OnlineJudgeSettings(
        String bootstrapServers,
        TopicNames topics,
        String jobName,
        String consumerGroup,
        JudgeEndpointSettings endpoint,
        Duration specWait,
        int maxInFlight,
        Duration asyncTimeout,
        Duration retryBackoff,
        Duration maxRetryBackoff,
        int parallelism,
        boolean bounded) implements NamedJob<OnlineJudgeSettings> {

    public static final String DEFAULT_JOB_NAME = "sluice-online-judge";

    public OnlineJudgeSettings {
        requireJob(bootstrapServers, topics, jobName, consumerGroup, parallelism);
        Objects.requireNonNull(endpoint, "endpoint");
        requirePositive(specWait, "specWait");
        requireAtLeastOne(maxInFlight, "maxInFlight");
        requirePositive(asyncTimeout, "asyncTimeout");
        requirePositive(retryBackoff, "retryBackoff");
        requirePositive(maxRetryBackoff, "maxRetryBackoff");
        if (maxRetryBackoff.compareTo(retryBackoff) < 0) {
            throw new IllegalArgumentException("maxRetryBackoff (" + maxRetryBackoff + ") is below retryBackoff ("
                    + retryBackoff + ")");
        }
    }

    /**
     * The job as {@code jobs} configures it, calling {@code endpoint}: the spec wait, the judge's
     * in-flight bound, operator timeout and retry backoffs, and the parallelism. Named
     * {@value #DEFAULT_JOB_NAME} (also the consumer group); unbounded.
     */
    public static OnlineJudgeSettings of(JobSettings jobs, String bootstrapServers, TopicNames topics,
            JudgeEndpointSettings endpoint) {
        JudgeJobSettings judge = jobs.judge();
        return new OnlineJudgeSettings(bootstrapServers, topics, DEFAULT_JOB_NAME, DEFAULT_JOB_NAME, endpoint,
                jobs.specWait(), judge.maxInFlight(), judge.asyncTimeout(), judge.retryBackoff(),
                judge.maxRetryBackoff(), jobs.parallelism(), false);
    }

    /** Every knob at the default of {@link JobSettingsReader#defaults}. */
    public static OnlineJudgeSettings defaults(String bootstrapServers, TopicNames topics,
            JudgeEndpointSettings endpoint) {
        return of(JobSettingsReader.defaults(), bootstrapServers, topics, endpoint);
    }

    /** A job under another name, with its consumer group following the name. */
    @Override
    public OnlineJudgeSettings withJobName(String name) {
        return new OnlineJudgeSettings(bootstrapServers, topics, name, name, endpoint, specWait, maxInFlight,
                asyncTimeout, retryBackoff, maxRetryBackoff, parallelism, bounded);
    }

    @Override
    public OnlineJudgeSettings withConsumerGroup(String group) {
        return new OnlineJudgeSettings(bootstrapServers, topics, jobName, group, endpoint, specWait, maxInFlight,
                asyncTimeout, retryBackoff, maxRetryBackoff, parallelism, bounded);
    }

    public OnlineJudgeSettings withSpecWait(Duration wait) {
        return new OnlineJudgeSettings(bootstrapServers, topics, jobName, consumerGroup, endpoint, wait, maxInFlight,
                asyncTimeout, retryBackoff, maxRetryBackoff, parallelism, bounded);
    }

    public OnlineJudgeSettings withMaxInFlight(int inFlight) {
        return new OnlineJudgeSettings(bootstrapServers, topics, jobName, consumerGroup, endpoint, specWait, inFlight,
                asyncTimeout, retryBackoff, maxRetryBackoff, parallelism, bounded);
    }

    public OnlineJudgeSettings withAsyncTimeout(Duration timeout) {
        return new OnlineJudgeSettings(bootstrapServers, topics, jobName, consumerGroup, endpoint, specWait,
                maxInFlight, timeout, retryBackoff, maxRetryBackoff, parallelism, bounded);
    }

    public OnlineJudgeSettings withRetryBackoff(Duration first, Duration longest) {
        return new OnlineJudgeSettings(bootstrapServers, topics, jobName, consumerGroup, endpoint, specWait,
                maxInFlight, asyncTimeout, first, longest, parallelism, bounded);
    }

    public OnlineJudgeSettings withParallelism(int parallelism) {
        return new OnlineJudgeSettings(bootstrapServers, topics, jobName, consumerGroup, endpoint, specWait,
                maxInFlight, asyncTimeout, retryBackoff, maxRetryBackoff, parallelism, bounded);
    }

    public OnlineJudgeSettings withBounded(boolean bounded) {
        return new OnlineJudgeSettings(bootstrapServers, topics, jobName, consumerGroup, endpoint, specWait,
                maxInFlight, asyncTimeout, retryBackoff, maxRetryBackoff, parallelism, bounded);
    }
}

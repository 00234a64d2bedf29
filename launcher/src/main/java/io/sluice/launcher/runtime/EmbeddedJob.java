package io.sluice.launcher.runtime;

import io.sluice.flink.job.JobEnvironment;
import io.sluice.flink.bandit.BanditLoopJob;
import io.sluice.flink.job.RetainedCheckpoints;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Flink job running in this process on a local MiniCluster of its own, with RocksDB state and
 * checkpoints in its own directory. It resumes from the newest retained checkpoint or savepoint in
 * that directory: resuming from an older one would write again what the newer one had committed.
 */
final class EmbeddedJob implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedJob.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    /** Builds a job's pipeline into an environment and submits it. */
    @FunctionalInterface
    interface Submission {
        JobClient submit(StreamExecutionEnvironment env) throws Exception;
    }

    private final String description;
    private final JobClient client;
    private final String bootstrapServers;
    private final String consumerGroup;
    private final List<String> inputs;
    private final Path savepoints;

    private EmbeddedJob(String description, JobClient client, String bootstrapServers, String consumerGroup,
            List<String> inputs, Path savepoints) {
        this.description = description;
        this.client = client;
        this.bootstrapServers = bootstrapServers;
        this.consumerGroup = consumerGroup;
        this.inputs = inputs;
        this.savepoints = savepoints;
    }

    /**
     * Starts a job and waits until it runs.
     *
     * @param description what the job is called in progress output and errors
     * @param checkpoints the job's own checkpoint directory; its savepoints go to {@code <checkpoints>-savepoints}
     * @param consumerGroup the group the job commits its input offsets under
     * @param inputs the topics a drain waits for the job to have read to their end
     */
    static EmbeddedJob start(String description, Path checkpoints, Duration checkpointInterval,
            String bootstrapServers, String consumerGroup, List<String> inputs, Submission submission,
            PrintWriter out) throws Exception {
        Path directory = checkpoints.toAbsolutePath();
        Path savepoints = directory.resolveSibling(directory.getFileName() + "-savepoints");
        Files.createDirectories(directory);
        Configuration conf = JobEnvironment.embeddedConfiguration(directory, checkpointInterval);
        Optional<Path> resumeFrom = RetainedCheckpoints.newest(directory, savepoints);
        resumeFrom.ifPresent(c -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, c.toUri().toString()));
        out.printf("%s job: %s%n", description, resumeFrom.map(c -> "resuming from " + c).orElse("fresh state"));
        out.flush();
        JobClient client = submission.submit(StreamExecutionEnvironment.getExecutionEnvironment(conf));
        EmbeddedJob job = new EmbeddedJob(description, client, bootstrapServers, consumerGroup, inputs, savepoints);
        try {
            job.awaitRunning();
        } catch (Exception e) {
            job.close();
            throw e;
        }
        return job;
    }

    private void awaitRunning() throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JobStatus status = client.getJobStatus().get(10, TimeUnit.SECONDS);
            if (status == JobStatus.RUNNING) {
                return;
            }
            if (status.isGloballyTerminalState()) {
                throw new IllegalStateException("the " + description + " job ended at start: " + status);
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the " + description + " job was not running within " + START_TIMEOUT);
    }

    /**
     * Lets the job read its inputs to their end, then stops it with a final savepoint that first
     * settles everything still open (windows, judge calls in flight). A stop with a savepoint halts
     * the sources where they are, so the wait comes first.
     */
    void drain() {
        awaitInputsRead(Duration.ofSeconds(60));
        try {
            String path = client.stopWithSavepoint(true, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("{} drained to {}", description, path);
        } catch (Exception e) {
            throw new IllegalStateException("could not drain the " + description + " job: " + e.getMessage(), e);
        }
    }

    /**
     * Waits until the job has read every record now on its inputs, as its consumer group's offsets
     * show; they are committed with each completed checkpoint.
     */
    private void awaitInputsRead(Duration timeout) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (TopicDescription topic : admin.describeTopics(inputs).allTopicNames().get(30, TimeUnit.SECONDS)
                    .values()) {
                topic.partitions().forEach(p -> latest.put(new TopicPartition(topic.name(), p.partition()),
                        OffsetSpec.latest()));
            }
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> end.put(tp, info.offset()));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> read = admin.listConsumerGroupOffsets(consumerGroup)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                boolean caughtUp = end.entrySet().stream().allMatch(e -> e.getValue() == 0
                        || (read.get(e.getKey()) != null && read.get(e.getKey()).offset() >= e.getValue()));
                if (caughtUp) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the " + description + " job did not read its inputs within "
                            + timeout);
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not check what the " + description + " job has read: "
                    + e.getMessage(), e);
        }
    }

    String description() {
        return description;
    }

    /** The job's status now, as its cluster reports it. */
    JobStatus status() throws Exception {
        return client.getJobStatus().get(5, TimeUnit.SECONDS);
    }

    /** Cancels the job if it still runs; its last checkpoint is kept for the next start. */
    @Override
    public void close() {
        try {
            JobStatus status = client.getJobStatus().get(10, TimeUnit.SECONDS);
            if (!status.isGloballyTerminalState()) {
                client.cancel().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (Exception e) {
            // After a drain the local cluster is gone and cannot be asked anything.
            LOG.debug("{} already stopped: {}", description, e.toString());
        }
    }
}

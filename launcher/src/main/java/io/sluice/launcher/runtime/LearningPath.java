package io.sluice.launcher.runtime;

import io.sluice.core.config.JobSettings;
import io.sluice.core.topic.TopicNames;
import io.sluice.flink.bandit.BanditLoopJob;
import io.sluice.flink.bandit.BanditLoopSettings;
import io.sluice.flink.bandit.RetainedCheckpoints;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import io.sluice.core.topic.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Flink jobs of the learning path running in this process: each on a local MiniCluster with
 * RocksDB state and checkpoints in the configured directory. A restart resumes from the newest
 * retained checkpoint, so a restarted {@code sluice serve} neither loses nor double-counts a
 * reward, and its posterior versions keep growing (a router ignores versions it has seen).
 */
public final class LearningPath implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LearningPath.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final JobClient banditLoop;
    private final BanditLoopSettings settings;
    private final Path savepoints;

    private LearningPath(JobClient banditLoop, BanditLoopSettings settings, Path savepoints) {
        this.banditLoop = banditLoop;
        this.settings = settings;
        this.savepoints = savepoints;
    }

    public static LearningPath start(String bootstrapServers, TopicNames topics, JobSettings jobs, PrintWriter out) {
        try {
            Path checkpoints = jobs.checkpointDir().toAbsolutePath();
            Path savepoints = checkpoints.resolveSibling(checkpoints.getFileName() + "-savepoints");
            Files.createDirectories(checkpoints);
            Configuration conf = BanditLoopJob.embeddedConfiguration(checkpoints, jobs.checkpointInterval());
            Optional<Path> resumeFrom = RetainedCheckpoints.newest(checkpoints, savepoints);
            resumeFrom.ifPresent(c -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, c.toUri().toString()));
            out.printf("bandit loop job: %s%n", resumeFrom.map(c -> "resuming from " + c).orElse("fresh state"));
            out.flush();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
            BanditLoopSettings settings = BanditLoopSettings.defaults(bootstrapServers, topics)
                    .withEventTime(jobs.outOfOrderness(), jobs.idleness())
                    .withParallelism(jobs.parallelism());
            JobClient job = BanditLoopJob.fromKafka(settings).submit(env);
            awaitRunning(job, Duration.ofSeconds(60));
            return new LearningPath(job, settings, savepoints);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the Flink jobs: " + e.getMessage(), e);
        }
    }

    private static void awaitRunning(JobClient job, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JobStatus status = job.getJobStatus().get(10, TimeUnit.SECONDS);
            if (status == JobStatus.RUNNING) {
                return;
            }
            if (status.isGloballyTerminalState()) {
                throw new IllegalStateException("the bandit loop job ended at start: " + status);
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the bandit loop job was not running within " + timeout);
    }

    /**
     * Stops the jobs with a final savepoint that first settles every open attribution window, so
     * every exposure so far has its outcome on the topic. For the end of a demo, once nothing
     * writes to the input topics any more: a stop with a savepoint halts the sources where they
     * are, so the job is first let read its inputs to their end. A later start resumes from the
     * savepoint, with no window left open.
     */
    public void drain() {
        awaitInputsRead(Duration.ofSeconds(60));
        try {
            String path = banditLoop.stopWithSavepoint(true, savepoints.toUri().toString(),
                    SavepointFormatType.CANONICAL).get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("bandit loop drained to {}", path);
        } catch (Exception e) {
            throw new IllegalStateException("could not drain the bandit loop job: " + e.getMessage(), e);
        }
    }

    /**
     * Waits until the job has read every exposure and reward now on the topics, as its consumer
     * group's offsets show; they are committed with each completed checkpoint.
     */
    private void awaitInputsRead(Duration timeout) {
        List<String> inputs = List.of(settings.topics().of(Topic.EXPOSURES), settings.topics().of(Topic.REWARDS));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                settings.bootstrapServers()))) {
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
                Map<TopicPartition, OffsetAndMetadata> read = admin.listConsumerGroupOffsets(settings.consumerGroup())
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                boolean caughtUp = end.entrySet().stream().allMatch(e -> e.getValue() == 0
                        || (read.get(e.getKey()) != null && read.get(e.getKey()).offset() >= e.getValue()));
                if (caughtUp) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the bandit loop job did not read its inputs within " + timeout);
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not check what the bandit loop job has read: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            JobStatus status = banditLoop.getJobStatus().get(10, TimeUnit.SECONDS);
            if (!status.isGloballyTerminalState()) {
                banditLoop.cancel().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (Exception e) {
            // After a drain the local cluster is gone and cannot be asked anything.
            LOG.debug("bandit loop already stopped: {}", e.toString());
        }
    }
}

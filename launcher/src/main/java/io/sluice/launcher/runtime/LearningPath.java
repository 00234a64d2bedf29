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
    private final Path savepoints;

    private LearningPath(JobClient banditLoop, Path savepoints) {
        this.banditLoop = banditLoop;
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
            return new LearningPath(job, savepoints);
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
     * every exposure so far has its outcome on the topic. For the end of a demo: a later start
     * resumes from that state, with no window left open.
     */
    public void drain() {
        try {
            String path = banditLoop.stopWithSavepoint(true, savepoints.toUri().toString(),
                    SavepointFormatType.CANONICAL).get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("bandit loop drained to {}", path);
        } catch (Exception e) {
            throw new IllegalStateException("could not drain the bandit loop job: " + e.getMessage(), e);
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

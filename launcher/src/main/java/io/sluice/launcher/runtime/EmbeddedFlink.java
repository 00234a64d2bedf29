package io.sluice.launcher.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Flink cluster inside this process: one JobManager and one TaskManager, running the same jobs
 * a real cluster would, with the same state backend and checkpoints. Jobs are built by their own
 * classes into an environment carrying the job configuration (state backend, checkpoints,
 * restarts) and submitted here.
 */
public final class EmbeddedFlink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedFlink.class);

    private final MiniCluster cluster;
    private final List<JobID> jobs = new ArrayList<>();

    public EmbeddedFlink(int slots) {
        Configuration clusterConfig = new Configuration();
        clusterConfig.setString("rest.bind-address", "127.0.0.1");
        clusterConfig.setString("rest.address", "127.0.0.1");
        clusterConfig.setString("rest.port", "0");
        this.cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(clusterConfig)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .setCommonBindAddress("127.0.0.1")
                .withRandomPorts()
                .build());
        try {
            cluster.start();
        } catch (Exception e) {
            throw new IllegalStateException("could not start the embedded Flink cluster: " + e.getMessage(), e);
        }
    }

    /**
     * Builds a job into an environment with the given configuration and runs it here; returns
     * once the cluster accepted it.
     */
    public JobID submit(String name, Configuration jobConfiguration, Consumer<StreamExecutionEnvironment> job) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(jobConfiguration);
        job.accept(env);
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName(name);
        try {
            JobID id = cluster.submitJob(graph).get(60, TimeUnit.SECONDS).getJobID();
            jobs.add(id);
            LOG.info("Flink job '{}' submitted as {}", name, id);
            return id;
        } catch (Exception e) {
            throw new IllegalStateException("could not submit the Flink job '" + name + "': " + e.getMessage(), e);
        }
    }

    public JobStatus status(JobID job) {
        try {
            return cluster.getJobStatus(job).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not get the status of job " + job, e);
        }
    }

    /** Waits until the job's tasks run, so a caller knows the job is consuming. */
    public void awaitRunning(JobID job, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JobStatus status = status(job);
            if (status == JobStatus.RUNNING) {
                return;
            }
            if (status.isGloballyTerminalState()) {
                throw new IllegalStateException("Flink job " + job + " ended: " + status);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("Flink job " + job + " was not running within " + timeout);
    }

    @Override
    public void close() {
        for (JobID job : jobs) {
            try {
                if (!status(job).isGloballyTerminalState()) {
                    cluster.cancelJob(job).get(30, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                LOG.warn("could not cancel job {}: {}", job, e.toString());
            }
        }
        try {
            cluster.closeAsync().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("the embedded Flink cluster did not stop cleanly: {}", e.toString());
        }
    }
}

package io.sluice.flink.job;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Where every job of the learning path runs: the embedded runtime's configuration, or a cluster's. */
public final class JobEnvironment {
    /** Key groups of keyed state; fixed so that a savepoint can be restored at any parallelism up to it. */
    public static final int MAX_PARALLELISM = 128;

    /**
     * The shape of the jobs' state, as a directory name under the checkpoint directory. It changes
     * when a change to the jobs makes their older checkpoints impossible to restore (a state type
     * that took another form), so that the embedded runtime starts those jobs afresh instead of
     * failing to restore them at every start. Layout 3: the reward join's one value per open
     * request and its settled markers apart, the typed specs in broadcast state and the judge
     * monitor's state in parts.
     */
    public static final String STATE_LAYOUT = "layout-3";

    private static final String LOOPBACK = "127.0.0.1";

    private JobEnvironment() {}

    /**
     * The configuration of the embedded runtime: RocksDB with incremental checkpoints in
     * {@code checkpointDirectory} every {@code checkpointInterval}, exactly-once checkpoints
     * retained when the job is cancelled (to resume from), restarts with exponential back-off
     * (0.5 s to 30 s, without limit), and no Kryo: a type Flink cannot serialize as a POJO fails the
     * build of the job instead of slowing it down. RocksDB keeps its timers on the heap and uses
     * bloom filters (most state reads of a join are of keys seen once), and chained operators pass
     * their (immutable) records on without copying them.
     */
    public static Configuration embeddedConfiguration(Path checkpointDirectory, Duration checkpointInterval) {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDirectory.toAbsolutePath().toUri().toString());
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointInterval);
        conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofMillis(500));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, Duration.ofSeconds(30));
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(RocksDBOptions.TIMER_SERVICE_FACTORY, EmbeddedRocksDBStateBackend.PriorityQueueStateType.HEAP);
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        conf.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
        // An embedded cluster serves this process only: its REST API (which can cancel a job,
        // unauthenticated), blob server and task manager listen on loopback, never on every interface.
        conf.set(RestOptions.BIND_ADDRESS, LOOPBACK);
        conf.set(RestOptions.ADDRESS, LOOPBACK);
        conf.set(JobManagerOptions.BIND_HOST, LOOPBACK);
        conf.set(JobManagerOptions.ADDRESS, LOOPBACK);
        conf.set(TaskManagerOptions.BIND_HOST, LOOPBACK);
        conf.set(TaskManagerOptions.HOST, LOOPBACK);
        return conf;
    }

    /**
     * The cluster's environment, checkpointing exactly once every {@code checkpointInterval} unless
     * the cluster configures checkpointing itself: the jobs' Kafka offsets, state and transactions
     * all ride on checkpoints.
     */
    public static StreamExecutionEnvironment cluster(Duration checkpointInterval) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
            env.enableCheckpointing(checkpointInterval.toMillis(), CheckpointingMode.EXACTLY_ONCE);
        }
        return env;
    }

    /** Refuses to build a job whose exactly-once sinks would never commit. */
    public static void requireCheckpointing(StreamExecutionEnvironment env) {
        if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
            throw new IllegalStateException("the job's exactly-once sinks commit on checkpoints: "
                    + "enable checkpointing (execution.checkpointing.interval)");
        }
    }
}

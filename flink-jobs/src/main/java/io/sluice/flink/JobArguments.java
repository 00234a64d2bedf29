package io.sluice.flink;

import io.sluice.core.json.HumanDuration;
import java.time.Duration;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/** The arguments a job's {@code main} takes on a Flink cluster, beyond what ParameterTool reads. */
public final class JobArguments {
    /** The checkpoint interval of a job whose cluster configures none. */
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

    private JobArguments() {}

    /**
     * The cluster's environment, checkpointing exactly once every {@code --checkpoint-interval}
     * (default 10s) unless the cluster configures checkpointing itself: the jobs' Kafka offsets,
     * state and transactions all ride on checkpoints.
     */
    public static StreamExecutionEnvironment clusterEnvironment(ParameterTool params) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
            env.enableCheckpointing(duration(params, "checkpoint-interval", DEFAULT_CHECKPOINT_INTERVAL).toMillis(),
                    CheckpointingMode.EXACTLY_ONCE);
        }
        return env;
    }

    /** {@code --name} as a duration written like {@code 500ms}, {@code 5s}, {@code 10m}; else the fallback. */
    public static Duration duration(ParameterTool params, String name, Duration fallback) {
        String text = params.get(name);
        if (text == null) {
            return fallback;
        }
        return HumanDuration.parse(text).orElseThrow(() -> new IllegalArgumentException(
                "--" + name + ": not a duration (e.g. 500ms, 5s, 10m, 1h): " + text));
    }
}

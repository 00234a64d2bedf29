package io.sluice.flink.job;

import java.util.function.Function;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** What every job's {@code main} does on a Flink cluster: read the flags, build the pipeline, run it. */
public final class ClusterMain {
    private ClusterMain() {}

    /** Wires a job's pipeline, as its settings say, into an environment. */
    @FunctionalInterface
    public interface Pipeline<S> {
        void build(S settings, StreamExecutionEnvironment env) throws Exception;
    }

    /**
     * Runs the job until it ends: {@code args} read by {@link ClusterArguments}, turned into the
     * job's settings by {@code settings}, the pipeline built into the cluster's environment
     * (checkpointing every {@code --checkpoint-interval} unless the cluster says otherwise).
     */
    public static <S extends NamedJob<S>> void run(String[] args, Function<ClusterArguments, S> settings,
            Pipeline<S> pipeline) throws Exception {
        ClusterArguments arguments = ClusterArguments.parse(args);
        S job = settings.apply(arguments);
        StreamExecutionEnvironment env = JobEnvironment.cluster(arguments.checkpointInterval());
        pipeline.build(job, env);
        env.execute(job.jobName());
    }
}

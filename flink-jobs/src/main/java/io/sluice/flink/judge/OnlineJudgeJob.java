package io.sluice.flink.judge;

import io.sluice.core.event.Trace;
import io.sluice.flink.job.ClusterArguments;
import io.sluice.flink.job.ClusterMain;
import io.sluice.flink.job.JobEnvironment;
import io.sluice.core.config.JudgeJobSettings;
import io.sluice.core.event.DeadLetter;
import io.sluice.core.event.JudgeScore;
import io.sluice.core.topic.Topic;
import io.sluice.flink.calibration.CalibrationChange;
import io.sluice.flink.calibration.CalibrationStamp;
import io.sluice.flink.experiments.SpecChange;
import io.sluice.flink.experiments.SpecRevisions;
import io.sluice.flink.serde.DeadLetterSplit;
import io.sluice.flink.serde.Decoded;
import io.sluice.flink.serde.LoopInput;
import io.sluice.flink.serde.TopicSink;
import io.sluice.flink.serde.TopicSource;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The online judge: scores a deterministic sample of live answers with an LLM judge, off the
 * request path, within each experiment's budget, and publishes every verdict with the judge's
 * fingerprint and the calibration in force.
 *
 * <pre>
 * traces ─▶ sampling (by experiment) ─▶ judge calls (async I/O) ─▶ calibration stamp ─▶ judge-scores (at-least-once)
 * experiments ─ broadcast ─▲                                               ▲
 * calibration ─ broadcast ─────────────────────────────────────────────────┘
 * undecodable records, traces without a spec ─────────────────────────────────────▶ dead-letters (at-least-once)
 * </pre>
 *
 * <ol>
 *   <li><b>Sampling</b> ({@link TraceSampling}): a trace is judged if its request id falls in the
 *       experiment's judge sample ({@code RequestSampling.judged}), the same rate for every arm.
 *   <li><b>Judge calls</b> ({@link AsyncJudgeFunction} in {@code AsyncDataStream.unorderedWait}):
 *       admitted against the experiment's budget (judgments per minute, tokens per hour; over it a
 *       trace is skipped and counted), then judged with at most the experiment's {@code capacity}
 *       calls at once, each call under the spec's {@code timeout} and retried with backoff up to
 *       its {@code max_retries}. Timeouts and exhausted retries become scores with a failure reason.
 *   <li><b>Calibration</b> ({@link CalibrationStamp}): the newest calibration of the verdict's
 *       fingerprint, from the compacted {@code calibration} topic, gives the calibrated score and
 *       its version; without one both stay absent.
 * </ol>
 *
 * <p><b>Guarantees.</b> {@code judge-scores} is written at least once, keyed by request id. On
 * recovery the traces in flight are judged again, so a request may get two scores from the same
 * judge; a score is identified by its request id and fingerprint, and its readers (the agreement
 * job, the reward join) keep the first. The budget is checkpointed; a recovery can make the job
 * spend less than its budget, never more. Checkpointing is not required, but without it the
 * consumer offsets and budgets are never saved.
 *
 * <p>The judge path carries no event time: nothing here waits on it, and the async operator holds
 * back results at every watermark until all traces before it are answered, which a slow judge
 * would turn into head-of-line blocking. So the sources emit no watermarks.
 *
 * <p><b>Running it embedded</b> (a Flink MiniCluster in this JVM), beside the bandit loop:
 *
 * <pre>{@code
 * Configuration conf = JobEnvironment.embeddedConfiguration(dataDir.resolve("judge-checkpoints"), Duration.ofSeconds(1));
 * StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
 * OnlineJudgeSettings settings = OnlineJudgeSettings.defaults(kafka.bootstrapServers(), topics,
 *         JudgeEndpointSettings.of(simulator.baseUrl(), null));      // the key's environment variable, or null
 * JobClient job = OnlineJudgeJob.fromKafka(settings).submit(env);
 * }</pre>
 *
 * <p><b>On a Flink cluster</b>: {@code flink run -c io.sluice.flink.judge.OnlineJudgeJob
 * sluice-flink-jobs-<version>-job.jar --bootstrap kafka:9092 --judge-base-url https://api.openai.com/v1
 * --judge-api-key-env OPENAI_API_KEY}; see {@link #main}.
 *
 * <p>Every operator has a stable uid, so savepoints survive changes to the pipeline.
 */
public final class OnlineJudgeJob {
    private final Source<Decoded, ?, ?> traces;
    private final Source<Decoded, ?, ?> experiments;
    private final Source<Decoded, ?, ?> calibrations;
    private final Sink<JudgeScore> scores;
    private final Sink<DeadLetter> deadLetters;
    private final OnlineJudgeSettings settings;
    private final Clock clock;

    /**
     * @param traces decoded traces, and dead letters for records that were not
     * @param experiments spec changes, and dead letters for invalid specs
     * @param calibrations calibration changes, and dead letters
     * @param scores where every score goes, failed ones included
     * @param deadLetters where undecodable records and traces without a spec go
     * @param settings the job's settings; the Kafka ones are used by {@link #fromKafka} only
     * @param clock the wall clock budgets are kept by and scores are stamped with
     */
    public OnlineJudgeJob(
            Source<Decoded, ?, ?> traces,
            Source<Decoded, ?, ?> experiments,
            Source<Decoded, ?, ?> calibrations,
            Sink<JudgeScore> scores,
            Sink<DeadLetter> deadLetters,
            OnlineJudgeSettings settings,
            Clock clock) {
        this.traces = Objects.requireNonNull(traces, "traces");
        this.experiments = Objects.requireNonNull(experiments, "experiments");
        this.calibrations = Objects.requireNonNull(calibrations, "calibrations");
        this.scores = Objects.requireNonNull(scores, "scores");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The job reading and writing the topics of {@code settings} on its Kafka cluster, by the system clock. */
    public static OnlineJudgeJob fromKafka(OnlineJudgeSettings settings) {
        return new OnlineJudgeJob(
                TopicSource.kafka(settings, Topic.TRACES, LoopInput.TRACES),
                TopicSource.kafka(settings, Topic.EXPERIMENTS, LoopInput.EXPERIMENTS),
                TopicSource.kafka(settings, Topic.CALIBRATION, LoopInput.CALIBRATION),
                scoresSink(settings),
                deadLettersSink(settings),
                settings,
                Clock.systemUTC());
    }


    /** Judge scores, keyed by request id, written at once (at-least-once). */
    public static KafkaSink<JudgeScore> scoresSink(OnlineJudgeSettings settings) {
        return TopicSink.atLeastOnce(settings, Topic.JUDGE_SCORES, JudgeScore::requestId);
    }

    /** Dead letters, keyed by the topic they came from (at-least-once). */
    public static KafkaSink<DeadLetter> deadLettersSink(OnlineJudgeSettings settings) {
        // At least once, like the scores: after a failure some may be written again.
        return TopicSink.atLeastOnce(settings, Topic.DEAD_LETTERS, DeadLetter::sourceTopic);
    }

    /** Wires the pipeline into {@code env}; returns the scores as they are written. */
    public DataStream<JudgeScore> build(StreamExecutionEnvironment env) {
        env.setParallelism(settings.parallelism());
        env.setMaxParallelism(JobEnvironment.MAX_PARALLELISM);

        SingleOutputStreamOperator<Trace> traceEvents = TopicSource.read(env, traces,
                WatermarkStrategy.noWatermarks(), "traces", settings.parallelism(), Decoded::trace, Trace.class);
        // The compacted inputs are small: one reader each holds every partition.
        SingleOutputStreamOperator<SpecChange> specEvents = TopicSource.read(env, experiments,
                WatermarkStrategy.noWatermarks(), "experiments", 1, Decoded::spec, SpecChange.class);
        SingleOutputStreamOperator<CalibrationChange> calibrationEvents = TopicSource.read(env, calibrations,
                WatermarkStrategy.noWatermarks(), "calibration", 1, Decoded::calibration, CalibrationChange.class);

        BroadcastStream<SpecChange> specs = specEvents.broadcast(SpecRevisions.STATE);
        BroadcastStream<CalibrationChange> calibrationChanges = calibrationEvents.broadcast(CalibrationStamp.STATE);

        // Keyed by experiment, so that each experiment's budget and capacity are kept by one
        // instance of the judge calls, which follow without a shuffle.
        SingleOutputStreamOperator<JudgeOrder> orders = traceEvents
                .keyBy(Trace::experiment)
                .connect(specs)
                .process(new TraceSampling(settings.specWait(), settings.topics().of(Topic.TRACES), settings.jobName()),
                        TypeInformation.of(JudgeOrder.class))
                .name("trace-sampling").uid("trace-sampling");

        SingleOutputStreamOperator<JudgeScore> judged = AsyncDataStream.unorderedWait(orders,
                        new AsyncJudgeFunction(settings.endpoint(), settings.maxInFlight(), settings.retryBackoff(),
                                settings.maxRetryBackoff(), settings.asyncTimeout(), clock),
                        settings.asyncTimeout().toMillis(), TimeUnit.MILLISECONDS, settings.maxInFlight())
                .name("judge-calls").uid("judge-calls");

        SingleOutputStreamOperator<JudgeScore> stamped = judged
                .connect(calibrationChanges)
                .process(new CalibrationStamp(), TypeInformation.of(JudgeScore.class))
                .name("calibration-stamp").uid("calibration-stamp");
        stamped.sinkTo(scores).name("judge-scores-sink").uid("judge-scores-sink");

        traceEvents.getSideOutput(DeadLetterSplit.DEAD_LETTERS)
                .union(specEvents.getSideOutput(DeadLetterSplit.DEAD_LETTERS),
                        calibrationEvents.getSideOutput(DeadLetterSplit.DEAD_LETTERS),
                        orders.getSideOutput(TraceSampling.DEAD_LETTERS))
                .sinkTo(deadLetters).name("dead-letters-sink").uid("dead-letters-sink");
        return stamped;
    }

    /** Builds the pipeline and submits it without waiting for it to end. */
    public JobClient submit(StreamExecutionEnvironment env) throws Exception {
        build(env);
        return env.executeAsync(settings.jobName());
    }

    /**
     * Runs the job on a Flink cluster. Flags: {@code --bootstrap host:port} and
     * {@code --judge.base-url} (required), the naming flags and every knob of the configuration's
     * {@code jobs:} section (see {@link ClusterArguments}), of which this job uses the
     * {@code judge.*} knobs, spec-wait and parallelism.
     */
    public static void main(String[] args) throws Exception {
        ClusterMain.run(args, OnlineJudgeJob::settingsFrom, (settings, env) -> fromKafka(settings).build(env));
    }

    static OnlineJudgeSettings settingsFrom(ClusterArguments arguments) {
        JudgeJobSettings judge = arguments.jobs().judge();
        if (judge.baseUrl() == null) {
            throw new IllegalArgumentException("--judge.base-url: required, the OpenAI-compatible endpoint the "
                    + "judge calls, with its /v1");
        }
        JudgeEndpointSettings endpoint = JudgeEndpointSettings.of(judge.baseUrl(), judge.apiKey(), judge);
        return arguments.name(OnlineJudgeSettings.of(arguments.jobs(), arguments.bootstrapServers(),
                arguments.topics(), endpoint));
    }
}

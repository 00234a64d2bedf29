package io.sluice.flink.agreement;

import io.sluice.core.event.Label;
import io.sluice.core.event.JudgeScore;
import io.sluice.flink.job.ClusterArguments;
import io.sluice.flink.job.ClusterMain;
import io.sluice.flink.job.JobEnvironment;
import io.sluice.core.event.Alert;
import io.sluice.core.event.Calibration;
import io.sluice.core.event.DeadLetter;
import io.sluice.core.topic.Topic;
import io.sluice.flink.bandit.BanditLoopJob;
import io.sluice.flink.experiments.SpecChange;
import io.sluice.flink.experiments.SpecRevisions;
import io.sluice.flink.serde.DeadLetterSplit;
import io.sluice.flink.serde.Decoded;
import io.sluice.flink.serde.LoopInput;
import io.sluice.flink.serde.TopicSink;
import io.sluice.flink.serde.TopicSource;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Judge–human agreement: pairs the judge's scores with the annotators' labels, and per judge keeps
 * the agreement figures, fits and refits the calibration, and raises drift and recovery alerts.
 *
 * <pre>
 * judge-scores ─┐                                                       ┌─▶ calibration (by fingerprint; exactly-once)
 *               ├─▶ label join (by request id) ─▶ judge monitor (by fingerprint)
 * labels ───────┘                                     ▲                 └─▶ alerts (by experiment; exactly-once)
 * experiments ─ broadcast (rubric scales) ────────────┘
 * undecodable records, unmatched labels, unmonitored pairs ───────────────▶ dead-letters (exactly-once)
 * </pre>
 *
 * <ol>
 *   <li><b>Label join</b> ({@link LabelScoreJoin}): a score and a label of the same request make a
 *       pair, whichever came first, within {@code pairTtl}; a request labelled by several
 *       annotators makes several pairs. Failed scores are skipped.
 *   <li><b>Judge monitor</b> ({@link JudgeMonitorFunction}): {@code core}'s {@code JudgeMonitor}
 *       per fingerprint, on the scale of the experiment's rubric. It publishes calibration version
 *       1 after {@code firstFitPairs} pairs, a {@code judge_drift} alert with its evidence when a
 *       Page–Hinkley test fires, the next version after {@code refitPairs} more pairs, and
 *       {@code judge_recovered} once agreement has settled.
 * </ol>
 *
 * <p><b>Guarantees.</b> Calibrations, alerts and dead letters are written in Kafka transactions
 * committed with each checkpoint, so a read_committed reader sees each exactly once, a checkpoint
 * interval after it was made: a calibration's version names one calibration, even when a failure replays pairs in
 * another order. The online judge reads the calibration topic read_committed and so applies a new
 * calibration about a checkpoint interval after the pair that completed its fit. The monitor's state
 * is checkpointed with the offsets. Checkpointing must be enabled; {@link #build} refuses without it.
 *
 * <p>Pairs carry their own event time (the later of verdict and label); the job waits on no
 * watermark, so its sources emit none.
 *
 * <p><b>Running it embedded</b>, as {@link BanditLoopJob} is run:
 * {@code AgreementJob.fromKafka(AgreementSettings.defaults(kafka.bootstrapServers(), topics)).submit(env)}
 * with an environment made from {@link BanditLoopJob#embeddedConfiguration} (a checkpoint directory
 * of its own). <b>On a Flink cluster</b>: {@code flink run -c io.sluice.flink.agreement.AgreementJob
 * sluice-flink-jobs-<version>-job.jar --bootstrap kafka:9092}; see {@link #main}.
 */
public final class AgreementJob {
    private final Source<Decoded, ?, ?> judgeScores;
    private final Source<Decoded, ?, ?> labels;
    private final Source<Decoded, ?, ?> experiments;
    private final Sink<Calibration> calibrations;
    private final Sink<Alert> alerts;
    private final Sink<DeadLetter> deadLetters;
    private final AgreementSettings settings;

    /**
     * @param judgeScores decoded judge scores, and dead letters for records that were not
     * @param labels decoded labels, and dead letters
     * @param experiments spec changes, and dead letters for invalid specs
     * @param calibrations where each fitted calibration goes
     * @param alerts where drift and recovery alerts go
     * @param deadLetters where undecodable records and unmonitored pairs go
     * @param settings the job's settings; the Kafka ones are used by {@link #fromKafka} only
     */
    public AgreementJob(
            Source<Decoded, ?, ?> judgeScores,
            Source<Decoded, ?, ?> labels,
            Source<Decoded, ?, ?> experiments,
            Sink<Calibration> calibrations,
            Sink<Alert> alerts,
            Sink<DeadLetter> deadLetters,
            AgreementSettings settings) {
        this.judgeScores = Objects.requireNonNull(judgeScores, "judgeScores");
        this.labels = Objects.requireNonNull(labels, "labels");
        this.experiments = Objects.requireNonNull(experiments, "experiments");
        this.calibrations = Objects.requireNonNull(calibrations, "calibrations");
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The job reading and writing the topics of {@code settings} on its Kafka cluster. */
    public static AgreementJob fromKafka(AgreementSettings settings) {
        return new AgreementJob(
                TopicSource.kafka(settings, Topic.JUDGE_SCORES, LoopInput.JUDGE_SCORES),
                TopicSource.kafka(settings, Topic.LABELS, LoopInput.LABELS),
                TopicSource.kafka(settings, Topic.EXPERIMENTS, LoopInput.EXPERIMENTS),
                calibrationSink(settings),
                alertsSink(settings),
                deadLettersSink(settings),
                settings);
    }


    /** Calibrations, keyed by fingerprint for the compacted topic, exactly once (visible at checkpoints). */
    public static KafkaSink<Calibration> calibrationSink(AgreementSettings settings) {
        return TopicSink.exactlyOnce(settings, Topic.CALIBRATION, Calibration::fingerprint, "calibration");
    }

    /** Alerts, keyed by experiment, exactly once (visible at checkpoints). */
    public static KafkaSink<Alert> alertsSink(AgreementSettings settings) {
        return TopicSink.exactlyOnce(settings, Topic.ALERTS, Alert::experiment, "alerts");
    }

    /** Dead letters, keyed by the topic they came from, exactly once (visible at checkpoints). */
    public static KafkaSink<DeadLetter> deadLettersSink(AgreementSettings settings) {
        return TopicSink.deadLetters(settings);
    }

    /** The streams of a built pipeline, with their sinks attached. */
    public record Streams(DataStream<LabelledScore> pairs, DataStream<Calibration> calibrations,
            DataStream<Alert> alerts) {}

    /** Wires the pipeline into {@code env}. */
    public Streams build(StreamExecutionEnvironment env) {
        JobEnvironment.requireCheckpointing(env);
        env.setParallelism(settings.parallelism());
        env.setMaxParallelism(JobEnvironment.MAX_PARALLELISM);

        SingleOutputStreamOperator<JudgeScore> scoreEvents = TopicSource.read(env, judgeScores,
                WatermarkStrategy.noWatermarks(), "judge-scores", settings.parallelism(), Decoded::judgeScore,
                JudgeScore.class);
        SingleOutputStreamOperator<Label> labelEvents = TopicSource.read(env, labels,
                WatermarkStrategy.noWatermarks(), "labels", settings.parallelism(), Decoded::label, Label.class);
        SingleOutputStreamOperator<SpecChange> specEvents = TopicSource.read(env, experiments,
                WatermarkStrategy.noWatermarks(), "experiments", 1, Decoded::spec, SpecChange.class);
        BroadcastStream<SpecChange> specs = specEvents.broadcast(SpecRevisions.STATE);

        TypeInformation<PairEvent> pairEvent = TypeInformation.of(PairEvent.class);
        SingleOutputStreamOperator<LabelledScore> pairs = scoreEvents.map(PairEvent::of, pairEvent)
                .name("judge-scores-to-pairs").uid("judge-scores-to-pairs")
                .union(labelEvents.map(PairEvent::of, pairEvent).name("labels-to-pairs").uid("labels-to-pairs"))
                .keyBy(PairEvent::requestId)
                .process(new LabelScoreJoin(settings.pairTtl(), settings.topics().of(Topic.LABELS), settings.jobName()),
                        TypeInformation.of(LabelledScore.class))
                .name("label-join").uid("label-join");

        SingleOutputStreamOperator<Calibration> fitted = pairs
                .keyBy(LabelledScore::fingerprint)
                .connect(specs)
                .process(new JudgeMonitorFunction(settings.monitor(), settings.specWait(),
                        settings.topics().of(Topic.LABELS), settings.jobName()), TypeInformation.of(Calibration.class))
                .name("judge-monitor").uid("judge-monitor");
        fitted.sinkTo(calibrations).name("calibration-sink").uid("calibration-sink");
        DataStream<Alert> raised = fitted.getSideOutput(JudgeMonitorFunction.ALERTS);
        raised.sinkTo(alerts).name("alerts-sink").uid("alerts-sink");

        scoreEvents.getSideOutput(DeadLetterSplit.DEAD_LETTERS)
                .union(labelEvents.getSideOutput(DeadLetterSplit.DEAD_LETTERS),
                        specEvents.getSideOutput(DeadLetterSplit.DEAD_LETTERS),
                        pairs.getSideOutput(LabelScoreJoin.DEAD_LETTERS),
                        fitted.getSideOutput(JudgeMonitorFunction.DEAD_LETTERS))
                .sinkTo(deadLetters).name("dead-letters-sink").uid("dead-letters-sink");
        return new Streams(pairs, fitted, raised);
    }

    /** Builds the pipeline and submits it without waiting for it to end. */
    public JobClient submit(StreamExecutionEnvironment env) throws Exception {
        build(env);
        return env.executeAsync(settings.jobName());
    }

    /**
     * Runs the job on a Flink cluster. Flags: {@code --bootstrap host:port} (required), the naming
     * flags and every knob of the configuration's {@code jobs:} section (see {@link ClusterArguments}),
     * of which this job uses the {@code judge-monitor.*} knobs, pair-ttl, spec-wait,
     * transaction-timeout and parallelism.
     */
    public static void main(String[] args) throws Exception {
        ClusterMain.run(args, AgreementJob::settingsFrom, (settings, env) -> fromKafka(settings).build(env));
    }

    static AgreementSettings settingsFrom(ClusterArguments arguments) {
        return arguments.name(AgreementSettings.of(arguments.jobs(), arguments.bootstrapServers(), arguments.topics()));
    }
}

package io.sluice.flink.guardrails;

import io.sluice.core.event.Alert;
import io.sluice.core.event.Control;
import io.sluice.core.event.DeadLetter;
import io.sluice.core.event.Exposure;
import io.sluice.core.event.JudgeScore;
import io.sluice.core.topic.Topic;
import io.sluice.flink.bandit.InputWatermarks;
import io.sluice.flink.experiments.SpecChange;
import io.sluice.flink.experiments.SpecRevisions;
import io.sluice.flink.job.ClusterArguments;
import io.sluice.flink.job.ClusterMain;
import io.sluice.flink.job.JobEnvironment;
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
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The guardrails: per experiment, event-time windows of each arm's calls (from {@code exposures})
 * and verdicts (from {@code judge-scores}) against the experiment's guardrails; breaches and
 * recoveries to {@code alerts}, the actions of sustained breaches to {@code controls}, which every
 * router follows (see {@link GuardrailFunction}).
 *
 * <pre>
 * exposures ────┐
 * judge-scores ─┴─▶ samples ─▶ guardrails (by experiment) ─┬─▶ alerts    (exactly-once)
 * experiments ─ broadcast ───────────▲                     └─▶ controls  (at once, at-least-once)
 * exposures ─▶ first of each unit ─▶ sample ratio (by experiment) ─▶ alerts
 * windows ─┬─▶ rollout (by experiment) ─▶ controls (advance)
 * controls ┘
 * undecodable records, samples without a spec ─▶ dead-letters (exactly-once)
 * </pre>
 *
 * <p>The sample ratio check ({@link SampleRatioFunction}) counts the first exposure of each unit in
 * an experiment, remembering units for {@link #UNIT_RETENTION}.
 *
 * <p>Controls are written at once rather than with the next checkpoint: a pause should reach the
 * routers as soon as it is decided, and writing the same control twice (after a replay) leaves
 * the same state. Running it embedded and on a cluster is as for the other jobs; see {@link #main}.
 */
public final class GuardrailsJob {
    private final Source<Decoded, ?, ?> exposures;
    private final Source<Decoded, ?, ?> judgeScores;
    private final Source<Decoded, ?, ?> experiments;
    private final Source<Decoded, ?, ?> controlsIn;
    private final Sink<Alert> alerts;
    private final Sink<Control> controls;
    private final Sink<DeadLetter> deadLetters;
    private final GuardrailsSettings settings;

    /**
     * @param controlsIn the controls in force (pauses and rollbacks halt a rollout), read from the beginning
     */
    public GuardrailsJob(Source<Decoded, ?, ?> exposures, Source<Decoded, ?, ?> judgeScores,
            Source<Decoded, ?, ?> experiments, Source<Decoded, ?, ?> controlsIn, Sink<Alert> alerts,
            Sink<Control> controls, Sink<DeadLetter> deadLetters, GuardrailsSettings settings) {
        this.controlsIn = Objects.requireNonNull(controlsIn, "controlsIn");
        this.exposures = Objects.requireNonNull(exposures, "exposures");
        this.judgeScores = Objects.requireNonNull(judgeScores, "judgeScores");
        this.experiments = Objects.requireNonNull(experiments, "experiments");
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.controls = Objects.requireNonNull(controls, "controls");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The job reading and writing the topics of {@code settings} on its Kafka cluster. */
    public static GuardrailsJob fromKafka(GuardrailsSettings settings) {
        return new GuardrailsJob(
                TopicSource.kafka(settings, Topic.EXPOSURES, LoopInput.EXPOSURES),
                TopicSource.kafka(settings, Topic.JUDGE_SCORES, LoopInput.JUDGE_SCORES),
                TopicSource.kafka(settings, Topic.EXPERIMENTS, LoopInput.EXPERIMENTS),
                TopicSource.kafka(settings, Topic.CONTROLS, LoopInput.CONTROLS),
                TopicSink.exactlyOnce(settings, Topic.ALERTS, Alert::experiment, "guardrail-alerts"),
                TopicSink.atLeastOnce(settings, Topic.CONTROLS, Control::key),
                TopicSink.deadLetters(settings),
                settings);
    }

    /** How long a unit is remembered as seen, for the sample ratio check (processing time). */
    static final java.time.Duration UNIT_RETENTION = java.time.Duration.ofDays(30);

    /** Wires the pipeline into {@code env}; returns the alerts. */
    public DataStream<Alert> build(StreamExecutionEnvironment env) {
        JobEnvironment.requireCheckpointing(env);
        env.setParallelism(settings.parallelism());
        env.setMaxParallelism(JobEnvironment.MAX_PARALLELISM);
        int parallelism = settings.parallelism();
        WatermarkStrategy<Decoded> eventTime = InputWatermarks.events(settings.outOfOrderness(), settings.idleness());

        SingleOutputStreamOperator<Exposure> exposureEvents = TopicSource.read(env, exposures, eventTime, "exposures",
                parallelism, Decoded::exposure, Exposure.class);
        SingleOutputStreamOperator<JudgeScore> scoreEvents = TopicSource.read(env, judgeScores, eventTime,
                "judge-scores", parallelism, Decoded::judgeScore, JudgeScore.class);
        SingleOutputStreamOperator<SpecChange> specEvents = TopicSource.read(env, experiments,
                InputWatermarks.specs(), "experiments", 1, Decoded::spec, SpecChange.class);
        BroadcastStream<SpecChange> specs = specEvents.broadcast(SpecRevisions.STATE);

        TypeInformation<GuardrailSample> sample = TypeInformation.of(GuardrailSample.class);
        DataStream<GuardrailSample> samples = exposureEvents.map(GuardrailSample::of, sample)
                .name("exposures-to-samples").uid("exposures-to-samples")
                .union(scoreEvents.filter(score -> !score.failed()).name("scored-verdicts").uid("scored-verdicts")
                        .map(GuardrailSample::of, sample).name("verdicts-to-samples").uid("verdicts-to-samples"));
        SingleOutputStreamOperator<Alert> raised = samples
                .keyBy(GuardrailSample::experiment)
                .connect(specs)
                .process(new GuardrailFunction(settings.specWait(), settings.topics().of(Topic.EXPOSURES),
                        settings.jobName()), TypeInformation.of(Alert.class))
                .name("guardrails").uid("guardrails");
        SingleOutputStreamOperator<Alert> mismatches = exposureEvents
                .filter(Exposure::inExperiment).name("units-in-experiments").uid("units-in-experiments")
                .keyBy(FirstExposures::unitKey)
                .process(new FirstExposures(UNIT_RETENTION), TypeInformation.of(Exposure.class))
                .name("first-exposures").uid("first-exposures")
                .keyBy(Exposure::experiment)
                .process(new SampleRatioFunction(), TypeInformation.of(Alert.class))
                .name("sample-ratio").uid("sample-ratio");
        DataStream<Alert> all = raised.union(mismatches);
        all.sinkTo(alerts).name("alerts-sink").uid("alerts-sink");
        DataStream<Control> acted = raised.getSideOutput(GuardrailFunction.CONTROLS);
        SingleOutputStreamOperator<Control> controlEvents = TopicSource.read(env, controlsIn,
                InputWatermarks.specs(), "controls", 1, Decoded::control, Control.class);
        SingleOutputStreamOperator<Control> advances = raised.getSideOutput(GuardrailFunction.WINDOWS)
                .keyBy(WindowSummary::experiment)
                .connect(controlEvents.union(acted).keyBy(Control::experiment))
                .process(new RolloutFunction(), TypeInformation.of(Control.class))
                .name("rollout").uid("rollout");
        acted.union(advances).sinkTo(controls).name("controls-sink").uid("controls-sink");

        exposureEvents.getSideOutput(DeadLetterSplit.DEAD_LETTERS)
                .union(scoreEvents.getSideOutput(DeadLetterSplit.DEAD_LETTERS),
                        specEvents.getSideOutput(DeadLetterSplit.DEAD_LETTERS),
                        controlEvents.getSideOutput(DeadLetterSplit.DEAD_LETTERS),
                        raised.getSideOutput(GuardrailFunction.DEAD_LETTERS))
                .sinkTo(deadLetters).name("dead-letters-sink").uid("dead-letters-sink");
        return all;
    }

    /** Builds the pipeline and submits it without waiting for it to end. */
    public JobClient submit(StreamExecutionEnvironment env) throws Exception {
        build(env);
        return env.executeAsync(settings.jobName());
    }

    /**
     * Runs the job on a Flink cluster. Flags: {@code --bootstrap host:port} (required), the naming
     * flags and every knob of the configuration's {@code jobs:} section (see {@link ClusterArguments}),
     * of which this job uses out-of-orderness, idleness, spec-wait, transaction-timeout and parallelism.
     */
    public static void main(String[] args) throws Exception {
        ClusterMain.run(args, GuardrailsJob::settingsFrom, (settings, env) -> fromKafka(settings).build(env));
    }

    static GuardrailsSettings settingsFrom(ClusterArguments arguments) {
        return arguments.name(GuardrailsSettings.of(arguments.jobs(), arguments.bootstrapServers(),
                arguments.topics()));
    }
}

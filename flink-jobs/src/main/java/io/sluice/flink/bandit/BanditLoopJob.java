package io.sluice.flink.bandit;

import io.sluice.flink.rewardjoin.JoinEvent;
import io.sluice.core.event.Reward;
import io.sluice.core.event.JudgeScore;
import io.sluice.core.event.Exposure;
import io.sluice.flink.job.ClusterArguments;
import io.sluice.flink.job.ClusterMain;
import io.sluice.flink.job.JobEnvironment;
import io.sluice.core.event.DeadLetter;
import io.sluice.core.event.Outcome;
import io.sluice.core.event.PosteriorSnapshot;
import io.sluice.core.topic.Topic;
import io.sluice.flink.experiments.SpecChange;
import io.sluice.flink.experiments.SpecRevisions;
import io.sluice.flink.posterior.PosteriorFunction;
import io.sluice.flink.rewardjoin.RewardJoinFunction;
import io.sluice.flink.serde.DeadLetterSplit;
import io.sluice.flink.serde.Decoded;
import io.sluice.flink.serde.LoopInput;
import io.sluice.flink.serde.TopicSink;
import io.sluice.flink.serde.TopicSource;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The bandit loop's learning path: joins rewards to decisions, settles one outcome per decision,
 * and keeps each arm's posterior current for the router's Thompson sampling.
 *
 * <pre>
 * exposures ────┐                                  ┌─▶ outcomes    (exactly-once)
 * rewards ──────┼─▶ reward join (by request id) ──┤
 * judge-scores ─┘        ▲                        └─▶ posteriors (by experiment/arm) ─▶ posteriors (at-least-once)
 * experiments ─ broadcast ─────────────────────────────────▲
 * undecodable records, exposures without a spec, orphan and late rewards ─▶ dead-letters (exactly-once)
 * </pre>
 *
 * <p><b>The judge as a reward.</b> A calibrated judge score on {@code judge-scores} is the
 * {@code judge} signal of its request, worth the calibrated score normalised to [0, 1] by the
 * experiment's rubric, at the time it was judged; an experiment whose reward definition lists
 * {@code judge} counts it like any other signal in its attribution window (see
 * {@link RewardJoinFunction}). Uncalibrated and failed scores are no reward.
 *
 * <p>The posteriors are fed by the join's outcome stream inside the job, not through the
 * transactional {@code outcomes} topic: the update path does not wait for checkpoints. The
 * outcomes topic is for analyses, which read it with {@code isolation.level=read_committed}.
 *
 * <p><b>Running it beside the embedded broker</b> (a Flink MiniCluster in this JVM):
 *
 * <pre>{@code
 * Configuration conf = JobEnvironment.embeddedConfiguration(dataDir.resolve("checkpoints"), Duration.ofSeconds(1));
 * RetainedCheckpoints.newest(dataDir.resolve("checkpoints"))          // resume after a crash, if any
 *         .ifPresent(chk -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, chk.toUri().toString()));
 * StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
 * JobClient job = BanditLoopJob.fromKafka(BanditLoopSettings.defaults(kafka.bootstrapServers(), topics)).submit(env);
 * ...
 * job.stopWithSavepoint(true, savepointDirUri, SavepointFormatType.CANONICAL).get();  // end of a demo
 * job.stopWithSavepoint(false, savepointDirUri, SavepointFormatType.CANONICAL).get(); // to resume exactly
 * job.cancel().get();                                                                  // keeps the last checkpoint
 * }</pre>
 *
 * Outside a cluster, {@code getExecutionEnvironment(conf)} gives a local environment whose
 * {@code executeAsync} starts a MiniCluster for the job and shuts it down when the job ends, after
 * which its {@code JobClient} cannot be asked anything. The configuration must be passed to
 * {@code getExecutionEnvironment}: set on a MiniCluster alone, it does not reach the job.
 *
 * <p>Stopping with {@code advanceToEndOfEventTime = true} (drain) settles every open window at
 * once, with the rewards that have arrived: the summary at the end of a demo sees every
 * decision's outcome. Without drain, the savepoint keeps the open windows for the next run. To
 * resume, set {@code execution.state-recovery.path} to the savepoint or to
 * {@link io.sluice.flink.job.RetainedCheckpoints#newest}. A job started without state reads the
 * input topics from its consumer group's committed offsets, and its posteriors start again from
 * the priors at version 1, which a router holding newer versions ignores.
 *
 * <p><b>When outcomes appear.</b> An outcome is settled once the watermark passes the decision
 * plus the attribution window: with traffic, about {@code outOfOrderness} after the window
 * closes; without traffic, partitions fall back to the wall clock after {@code idleness}, so at
 * most {@code outOfOrderness + idleness} after it closes. The posterior snapshot follows at once;
 * the outcome record becomes visible to read_committed readers at the next checkpoint.
 *
 * <p><b>On a Flink cluster</b>: {@code flink run sluice-flink-jobs-<version>-job.jar --bootstrap
 * kafka:9092 [--topic-prefix sluice.] ...}; see {@link #main}. Checkpointing must be enabled, or
 * the outcomes are never committed; {@link #build} refuses to build without it.
 *
 * <p>Every operator has a stable uid, so savepoints survive changes to the pipeline.
 */
public final class BanditLoopJob {
    private final Source<Decoded, ?, ?> exposures;
    private final Source<Decoded, ?, ?> rewards;
    private final Source<Decoded, ?, ?> experiments;
    private final Source<Decoded, ?, ?> judgeScores;
    private final Sink<Outcome> outcomes;
    private final Sink<PosteriorSnapshot> posteriors;
    private final Sink<DeadLetter> deadLetters;
    private final BanditLoopSettings settings;

    /**
     * The loop without the judge as a reward: it reads no judge scores.
     *
     * @param exposures decoded exposures, and dead letters for records that were not
     * @param rewards decoded rewards, and dead letters
     * @param experiments spec changes, and dead letters for invalid specs
     * @param outcomes where each settled outcome goes; exactly-once for analyses
     * @param posteriors where every posterior change goes
     * @param deadLetters where undecodable and unsettleable records go
     * @param settings the event-time and waiting settings; the Kafka ones are used by
     *     {@link #fromKafka} only
     */
    public BanditLoopJob(
            Source<Decoded, ?, ?> exposures,
            Source<Decoded, ?, ?> rewards,
            Source<Decoded, ?, ?> experiments,
            Sink<Outcome> outcomes,
            Sink<PosteriorSnapshot> posteriors,
            Sink<DeadLetter> deadLetters,
            BanditLoopSettings settings) {
        this(exposures, rewards, experiments, null, outcomes, posteriors, deadLetters, settings);
    }

    /**
     * @param exposures decoded exposures, and dead letters for records that were not
     * @param rewards decoded rewards, and dead letters
     * @param experiments spec changes, and dead letters for invalid specs
     * @param judgeScores decoded judge scores, and dead letters; null for none
     * @param outcomes where each settled outcome goes; exactly-once for analyses
     * @param posteriors where every posterior change goes
     * @param deadLetters where undecodable and unsettleable records go
     * @param settings the event-time and waiting settings; the Kafka ones are used by
     *     {@link #fromKafka} only
     */
    public BanditLoopJob(
            Source<Decoded, ?, ?> exposures,
            Source<Decoded, ?, ?> rewards,
            Source<Decoded, ?, ?> experiments,
            Source<Decoded, ?, ?> judgeScores,
            Sink<Outcome> outcomes,
            Sink<PosteriorSnapshot> posteriors,
            Sink<DeadLetter> deadLetters,
            BanditLoopSettings settings) {
        this.judgeScores = judgeScores;
        this.exposures = Objects.requireNonNull(exposures, "exposures");
        this.rewards = Objects.requireNonNull(rewards, "rewards");
        this.experiments = Objects.requireNonNull(experiments, "experiments");
        this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
        this.posteriors = Objects.requireNonNull(posteriors, "posteriors");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The job reading and writing the topics of {@code settings} on its Kafka cluster. */
    public static BanditLoopJob fromKafka(BanditLoopSettings settings) {
        return new BanditLoopJob(
                TopicSource.kafka(settings, Topic.EXPOSURES, LoopInput.EXPOSURES),
                TopicSource.kafka(settings, Topic.REWARDS, LoopInput.REWARDS),
                TopicSource.kafka(settings, Topic.EXPERIMENTS, LoopInput.EXPERIMENTS),
                TopicSource.kafka(settings, Topic.JUDGE_SCORES, LoopInput.JUDGE_SCORES),
                outcomesSink(settings),
                posteriorsSink(settings),
                deadLettersSink(settings),
                settings);
    }

    /**
     * Outcomes, keyed by request id, in Kafka transactions committed with each checkpoint: a
     * read_committed consumer sees every outcome exactly once, a checkpoint interval late.
     */
    public static KafkaSink<Outcome> outcomesSink(BanditLoopSettings settings) {
        return TopicSink.exactlyOnce(settings, Topic.OUTCOMES, Outcome::requestId, "outcomes");
    }

    /** Posterior snapshots, keyed by {@code experiment/arm}, written at once (at-least-once). */
    public static KafkaSink<PosteriorSnapshot> posteriorsSink(BanditLoopSettings settings) {
        return TopicSink.atLeastOnce(settings, Topic.POSTERIORS, PosteriorSnapshot::key);
    }

    /**
     * Dead letters, keyed by the topic they came from, in Kafka transactions committed with each
     * checkpoint, like the outcomes: an orphan reward given up by a timer that a recovery fires
     * again is still one dead letter.
     */
    public static KafkaSink<DeadLetter> deadLettersSink(BanditLoopSettings settings) {
        return TopicSink.deadLetters(settings);
    }


    /** The streams of a built pipeline, with their sinks attached. */
    public record Streams(DataStream<Outcome> outcomes, DataStream<PosteriorSnapshot> posteriors) {}

    /** Wires the pipeline into {@code env}. */
    public Streams build(StreamExecutionEnvironment env) {
        JobEnvironment.requireCheckpointing(env);
        env.setParallelism(settings.parallelism());
        env.setMaxParallelism(JobEnvironment.MAX_PARALLELISM);

        WatermarkStrategy<Decoded> eventTime = InputWatermarks.events(settings.outOfOrderness(), settings.idleness());
        int parallelism = settings.parallelism();
        SingleOutputStreamOperator<Exposure> exposureEvents = TopicSource.read(env, exposures, eventTime, "exposures",
                parallelism, Decoded::exposure, Exposure.class);
        SingleOutputStreamOperator<Reward> rewardEvents = TopicSource.read(env, rewards, eventTime, "rewards",
                parallelism, Decoded::reward, Reward.class);
        // One reader holds every partition of the small experiments topic, so no reader left
        // without a partition can hold back the watermark of the operators the specs feed.
        SingleOutputStreamOperator<SpecChange> specEvents = TopicSource.read(env, experiments,
                InputWatermarks.specs(), "experiments", 1, Decoded::spec, SpecChange.class);
        BroadcastStream<SpecChange> specs = specEvents.broadcast(SpecRevisions.STATE);

        DataStream<JoinEvent> events = joinEvents(exposureEvents.map(JoinEvent::of, JOIN_EVENT), "exposures")
                .union(joinEvents(rewardEvents.map(JoinEvent::of, JOIN_EVENT), "rewards"));
        SingleOutputStreamOperator<JudgeScore> judgeScoreEvents = null;
        if (judgeScores != null) {
            judgeScoreEvents = TopicSource.read(env, judgeScores, eventTime, "judge-scores", parallelism,
                    Decoded::judgeScore, JudgeScore.class);
            events = events.union(joinEvents(judgeScoreEvents.map(JoinEvent::of, JOIN_EVENT), "judge-scores"));
        }
        SingleOutputStreamOperator<Outcome> settled = events
                .keyBy(JoinEvent::requestId)
                .connect(specs)
                .process(new RewardJoinFunction(settings.joinSettings()), TypeInformation.of(Outcome.class))
                .name("reward-join").uid("reward-join");
        settled.sinkTo(outcomes).name("outcomes-sink").uid("outcomes-sink");

        SingleOutputStreamOperator<PosteriorSnapshot> updated = settled
                .keyBy(PosteriorFunction::key)
                .connect(specs)
                .process(new PosteriorFunction(settings.specWait(), settings.topics().of(Topic.OUTCOMES),
                        settings.jobName()), TypeInformation.of(PosteriorSnapshot.class))
                .name("posteriors").uid("posteriors");
        updated.sinkTo(posteriors).name("posteriors-sink").uid("posteriors-sink");

        DataStream<DeadLetter> undecodable = exposureEvents.getSideOutput(DeadLetterSplit.DEAD_LETTERS)
                .union(rewardEvents.getSideOutput(DeadLetterSplit.DEAD_LETTERS),
                        specEvents.getSideOutput(DeadLetterSplit.DEAD_LETTERS));
        if (judgeScoreEvents != null) {
            undecodable = undecodable.union(judgeScoreEvents.getSideOutput(DeadLetterSplit.DEAD_LETTERS));
        }
        undecodable.union(settled.getSideOutput(RewardJoinFunction.DEAD_LETTERS),
                        updated.getSideOutput(PosteriorFunction.DEAD_LETTERS))
                .sinkTo(deadLetters).name("dead-letters-sink").uid("dead-letters-sink");

        return new Streams(settled, updated);
    }

    /** Builds the pipeline and submits it without waiting for it to end. */
    public JobClient submit(StreamExecutionEnvironment env) throws Exception {
        build(env);
        return env.executeAsync(settings.jobName());
    }

    private static final TypeInformation<JoinEvent> JOIN_EVENT = TypeInformation.of(JoinEvent.class);

    private static SingleOutputStreamOperator<JoinEvent> joinEvents(SingleOutputStreamOperator<JoinEvent> mapped,
            String input) {
        return mapped.name(input + "-to-join").uid(input + "-to-join");
    }

    /**
     * Runs the job on a Flink cluster. Flags: {@code --bootstrap host:port} (required), the naming
     * flags and every knob of the configuration's {@code jobs:} section (see {@link ClusterArguments}),
     * of which this job uses out-of-orderness, idleness, orphan-reward-ttl, settled-retention,
     * spec-wait, transaction-timeout and parallelism.
     */
    public static void main(String[] args) throws Exception {
        ClusterMain.run(args, BanditLoopJob::settingsFrom, (settings, env) -> fromKafka(settings).build(env));
    }

    static BanditLoopSettings settingsFrom(ClusterArguments arguments) {
        return arguments.name(BanditLoopSettings.of(arguments.jobs(), arguments.bootstrapServers(), arguments.topics()));
    }
}

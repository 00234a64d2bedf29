package io.sluice.bench;

import io.sluice.flink.serde.TopicSource;
import io.sluice.flink.job.JobEnvironment;
import static io.sluice.bench.RunCleanup.deleteRecursively;
import static io.sluice.bench.RunCleanup.deleteTopics;
import static io.sluice.bench.RunCleanup.loadAverage;

import io.sluice.broker.EmbeddedKafka;
import io.sluice.broker.EmbeddedKafkaConfig;
import io.sluice.broker.TopicLayout;
import io.sluice.broker.TopicProvisioner;
import io.sluice.broker.TopicReader;
import io.sluice.core.config.SluiceConfigReader;
import io.sluice.core.event.DeadLetter;
import io.sluice.core.event.Outcome;
import io.sluice.core.event.PosteriorSnapshot;
import io.sluice.core.experiment.ExperimentSpec;
import io.sluice.core.json.SluiceJson;
import io.sluice.core.topic.Topic;
import io.sluice.core.topic.TopicNames;
import io.sluice.flink.bandit.BanditLoopJob;
import io.sluice.flink.bandit.BanditLoopSettings;
import io.sluice.flink.bandit.InputWatermarks;
import io.sluice.flink.serde.Decoded;
import io.sluice.flink.serde.LoopInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.client.deployment.executors.PipelineExecutorUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.runtime.checkpoint.AbstractCheckpointStats;
import org.apache.flink.runtime.checkpoint.FailedCheckpointStats;
import org.apache.flink.runtime.executiongraph.ArchivedExecutionGraph;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Throughput of the bandit loop job (the reward join, its keyed state and its exactly-once
 * outcomes) in events per second, against a baseline measured in the same run.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.sluice.bench.RewardJoinThroughput [decisions] [rounds] [parallelism] [warm-ups]</pre>
 *
 * <p>Defaults: 200,000 decisions, 6 rounds, parallelism 1 (the embedded runtime's), 2 warm-up
 * rounds. The environment variable {@code BENCH_FLINK_CONF} ({@code key=value;key=value}) adds
 * Flink settings to every run, to try a setting against the same baseline. One JVM holds
 * everything, as in the embedded runtime: the KRaft broker ({@link EmbeddedKafka}, in a temporary
 * directory deleted at the end), the producer, and one Flink MiniCluster (one task manager,
 * {@code parallelism} slots, default memory settings) to which every run is submitted.
 *
 * <p><b>Input, produced before anything is timed.</b> One experiment spec (three arms, Thompson,
 * a 10 s attribution window) and the traffic of {@link JoinTraffic}: N exposures and about N
 * rewards on {@value #PARTITIONS}-partition topics, keyed by request id and stamped with their
 * arrival times, written in arrival order by an idempotent producer with the router's settings.
 *
 * <p><b>Three setups</b>, each a bounded job reading the topics from the beginning to the end
 * offsets they have at its start, each under its own consumer group, with checkpoints every
 * {@link #CHECKPOINT_INTERVAL} ({@link JobEnvironment#embeddedConfiguration}: exactly-once, incremental
 * for RocksDB, to files in the temporary directory) and no restarts:
 * <ol>
 *   <li><b>baseline</b>: the job's own sources, decoding (in the Kafka source), dead-letter split
 *       and per-partition event-time watermarks ({@link InputWatermarks}), all three inputs unioned
 *       into a sink that drops the records and counts them; RocksDB as the state backend, holding
 *       nothing (the sources' offsets are operator state);
 *   <li><b>job, RocksDB</b>: {@link BanditLoopJob} as built for the embedded runtime: the reward join
 *       on keyed RocksDB state, the exactly-once Kafka sink of outcomes, the posterior update and
 *       its sink, the dead-letter sink;
 *   <li><b>job, heap</b>: the same job with the hashmap state backend, for reference.
 * </ol>
 * The job writes to topics of its own per run, so each run's output can be checked alone.
 *
 * <p><b>Timing.</b> The clock starts when the job graph is submitted to the running MiniCluster
 * and stops when its result (finished) is known: scheduling, reading everything, settling every
 * window (the end of the bounded input advances event time to the end), the final checkpoint and
 * the commit of the last outcome transaction. events/s = (exposures + rewards) / that time.
 *
 * <p><b>A run counts only if its output is right.</b> A job run must have written, readable
 * with read_committed, exactly one outcome per exposure with the reward {@link JoinTraffic} expects,
 * each arm's newest posterior must hold the sums of its in-experiment outcomes, and there must be
 * no dead letters; a baseline run's sink must have received every record. A run that fails a
 * check, or whose job fails, is reported and left out of the figures, and the program exits with
 * status 1.
 *
 * <p><b>Order.</b> Warm-up rounds of one run of each setup (not counted: on two cores the JIT
 * compiler takes half a core through the first minute, and later rounds run a quarter faster),
 * then {@code rounds} rounds of one
 * run of each; odd rounds run baseline, job (RocksDB), job (heap), even rounds the reverse, so a
 * drift in the machine's load falls on every setup alike. Figures are mean ± sample standard
 * deviation over the rounds; a ratio to the baseline is of the means, with an error combining the
 * two means' relative standard errors in quadrature. The paired ratio (job ÷ baseline within each
 * round, then averaged) is printed too.
 */
public final class RewardJoinThroughput {
    static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(1);
    static final int PARTITIONS = 3;
    private static final int DEFAULT_DECISIONS = 200_000;
    private static final int DEFAULT_ROUNDS = 6;
    private static final int DEFAULT_WARMUPS = 2;
    private static final long SEED = 20_261_123L;
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);
    private static final String EXPERIMENT = "bench-bandit";

    /** The experiment, as a deployment would configure it: the demo's three arms, a short window. */
    private static final String CONFIG = """
            experiments:
              - name: bench-bandit
                unit: conversation
                traffic: 0.95
                policy:
                  type: thompson
                  prior: {alpha: 1, beta: 1}
                arms:
                  - {name: small, model: sim-small}
                  - {name: medium, model: sim-medium}
                  - {name: large, model: sim-large}
                reward:
                  signals: {resolved: 1, thumbs_up: 1, copy: 1, thumbs_down: 0, retry: 0}
                  combine: max
                  attribution_window: 10s
                  default_reward: 0
            """;

    enum Setup {
        BASELINE("baseline", "baseline: read, decode, watermarks, discard (RocksDB)", "rocksdb", false),
        JOB_ROCKSDB("job-rocksdb", "bandit loop job, RocksDB", "rocksdb", true),
        JOB_HEAP("job-heap", "bandit loop job, heap (hashmap)", "hashmap", true);

        final String slug;
        final String label;
        final String stateBackend;
        final boolean job;

        Setup(String slug, String label, String stateBackend, boolean job) {
            this.slug = slug;
            this.label = label;
            this.stateBackend = stateBackend;
            this.job = job;
        }
    }

    /** One timed run and what its checks found. */
    record Run(Setup setup, int round, double seconds, int events, long checkpoints, long failedCheckpoints,
            String stateBackend, boolean valid, String check) {
        double eventsPerSecond() {
            return events / seconds;
        }
    }

    private final int decisions;
    private final int rounds;
    private final int warmups;
    private final int parallelism;
    private final List<Run> runs = new ArrayList<>();
    private Path directory;
    private EmbeddedKafka kafka;
    private TopicNames inputs;
    private ExperimentSpec spec;
    private JoinTraffic traffic;
    private MiniCluster cluster;
    private int submitted;

    private RewardJoinThroughput(int decisions, int rounds, int parallelism, int warmups) {
        if (decisions < 1 || rounds < 1 || warmups < 0 || parallelism < 1 || parallelism > PARTITIONS) {
            throw new IllegalArgumentException("decisions and rounds must be at least 1, warm-ups at least 0, parallelism in [1, "
                    + PARTITIONS + "]");
        }
        this.decisions = decisions;
        this.rounds = rounds;
        this.warmups = warmups;
        this.parallelism = parallelism;
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "classpath:sluice-bench-log4j2.xml");
        }
        int decisions = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : DEFAULT_DECISIONS;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_ROUNDS;
        int parallelism = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int warmups = args.length > 3 ? Integer.parseInt(args[3]) : DEFAULT_WARMUPS;
        boolean allValid = new RewardJoinThroughput(decisions, rounds, parallelism, warmups).run();
        System.exit(allValid ? 0 : 1);
    }

    private boolean run() throws Exception {
        directory = Files.createTempDirectory("sluice-bench-join-");
        System.out.printf(Locale.ROOT, "Reward-join throughput: %,d decisions, %d rounds after %d warm-up rounds, "
                        + "parallelism %d, %d partitions, checkpoints every %d ms%n",
                decisions, rounds, warmups, parallelism, PARTITIONS, CHECKPOINT_INTERVAL.toMillis());
        System.out.printf(Locale.ROOT, "Java %s (%s), %d processors, max heap %,d MiB, load average %.2f; data in %s%n",
                System.getProperty("java.version"), System.getProperty("java.vm.name"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, loadAverage(),
                directory);
        try {
            kafka = new EmbeddedKafka(EmbeddedKafkaConfig.inDirectory(directory.resolve("kafka"))).start();
            inputs = new TopicNames("bench.");
            TopicProvisioner.provision(kafka.bootstrapServers(), inputs, layout(), KAFKA_TIMEOUT);
            spec = SluiceConfigReader.parse(CONFIG, "reward-join benchmark").experiments().get(0);
            traffic = JoinTraffic.generate(SEED, decisions, spec,
                    Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS));
            publish();
            cluster = startCluster();
            try {
                System.out.println();
                System.out.println("chk: checkpoints completed/failed (a bounded job's finishing tasks may decline one); "
                        + "load: 1-minute load average, mean of before and after the run");
                System.out.printf(Locale.ROOT, "%-5s %-12s %9s %12s %-8s %-28s %5s  %s%n", "round", "setup", "seconds",
                        "events/s", "chk", "state backend", "load", "check");
                for (int warmup = 1; warmup <= warmups; warmup++) {
                    for (Setup setup : inOrderOf(warmup)) {
                        measure(setup, 0);
                    }
                }
                for (int round = 1; round <= rounds; round++) {
                    for (Setup setup : inOrderOf(round)) {
                        measure(setup, round);
                    }
                }
            } finally {
                cluster.close();
            }
            return summarize();
        } finally {
            if (kafka != null) {
                kafka.close();
            }
            deleteRecursively(directory);
        }
    }

    /** Odd rounds run the setups in their order, even rounds in reverse. */
    private static List<Setup> inOrderOf(int round) {
        List<Setup> order = new ArrayList<>(Arrays.asList(Setup.values()));
        if (round % 2 == 0) {
            Collections.reverse(order);
        }
        return order;
    }

    private TopicLayout layout() {
        return TopicLayout.of(PARTITIONS, (short) 1);
    }

    // ---------------------------------------------------------------- input

    /** The spec, then the traffic in arrival order, each record stamped with its arrival time. */
    private void publish() {
        long started = System.nanoTime();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        // The router's producer settings (EventLog).
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(inputs.of(Topic.EXPERIMENTS), spec.name(), SluiceJson.toBytes(spec)),
                    (metadata, e) -> failure.compareAndSet(null, e));
            String exposures = inputs.of(Topic.EXPOSURES);
            String rewards = inputs.of(Topic.REWARDS);
            for (JoinTraffic.Arrival arrival : traffic.arrivals) {
                boolean exposure = arrival.exposure() != null;
                producer.send(new ProducerRecord<>(exposure ? exposures : rewards, null, arrival.atMillis(),
                                arrival.requestId(), SluiceJson.toBytes(exposure ? arrival.exposure() : arrival.reward())),
                        (metadata, e) -> failure.compareAndSet(null, e));
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("could not produce the input: " + failure.get(), failure.get());
        }
        long exposuresOnTopic = recordsOn(inputs.of(Topic.EXPOSURES));
        long rewardsOnTopic = recordsOn(inputs.of(Topic.REWARDS));
        if (exposuresOnTopic != traffic.exposures || rewardsOnTopic != traffic.rewards) {
            throw new IllegalStateException("the topics hold " + exposuresOnTopic + " exposures and " + rewardsOnTopic
                    + " rewards, not " + traffic.exposures + " and " + traffic.rewards);
        }
        System.out.printf(Locale.ROOT, "Input: %,d exposures + %,d rewards = %,d events (%,d rewards in their window), "
                        + "%.0f s of event time at %d decisions/s, 1 spec; produced in %.1f s%n",
                traffic.exposures, traffic.rewards, traffic.events(), traffic.rewardsInWindow,
                traffic.span().toMillis() / 1e3, JoinTraffic.DECISIONS_PER_SECOND,
                (System.nanoTime() - started) / 1e9);
    }

    /** Records on a topic written without transactions: the sum of its end offsets. */
    private long recordsOn(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, KAFKA_TIMEOUT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions, KAFKA_TIMEOUT).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    // ---------------------------------------------------------------- runs

    private MiniCluster startCluster() throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        MiniCluster miniCluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(parallelism)
                .build());
        miniCluster.start();
        return miniCluster;
    }

    private void measure(Setup setup, int round) throws Exception {
        int id = ++submitted;
        String name = "bench-" + setup.slug + "-" + id;
        TopicNames outputs = new TopicNames("bench-run" + id + ".");
        TopicProvisioner.provision(kafka.bootstrapServers(), outputs, layout(), KAFKA_TIMEOUT);
        BanditLoopSettings in = BanditLoopSettings.defaults(kafka.bootstrapServers(), inputs)
                .withJobName(name)
                .withParallelism(parallelism)
                .withBounded(true);
        Path checkpoints = directory.resolve("checkpoints").resolve(name);
        Configuration conf = JobEnvironment.embeddedConfiguration(checkpoints, CHECKPOINT_INTERVAL);
        conf.set(StateBackendOptions.STATE_BACKEND, setup.stateBackend);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        String extra = System.getenv("BENCH_FLINK_CONF");
        if (extra != null && !extra.isBlank()) {
            for (String kv : extra.split(";")) {
                String[] p = kv.split("=", 2);
                conf.setString(p[0].trim(), p[1].trim());
            }
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        if (setup.job) {
            BanditLoopSettings out = withTopics(in, outputs);
            new BanditLoopJob(
                    TopicSource.kafka(in, Topic.EXPOSURES, LoopInput.EXPOSURES),
                    TopicSource.kafka(in, Topic.REWARDS, LoopInput.REWARDS),
                    TopicSource.kafka(in, Topic.EXPERIMENTS, LoopInput.EXPERIMENTS),
                    BanditLoopJob.outcomesSink(out),
                    BanditLoopJob.posteriorsSink(out),
                    BanditLoopJob.deadLettersSink(out),
                    in).build(env);
        } else {
            baseline(env, in);
        }
        // What env.executeAsync does on a local environment, but submitted to the running cluster.
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName(name);
        graph = PipelineExecutorUtils.getStreamGraph(graph, conf);
        graph.serializeUserDefinedInstances();
        CountingDiscardSink.reset();
        System.gc();
        double loadBefore = loadAverage();

        long started = System.nanoTime();
        JobID job = cluster.submitJob(graph).get(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).getJobID();
        JobResult result = cluster.requestJobResult(job).get(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        double seconds = (System.nanoTime() - started) / 1e9;

        long completedCheckpoints = 0;
        long failedCheckpoints = 0;
        String backend = "?";
        Map<String, Integer> checkpointFailures = new TreeMap<>();
        Check check;
        if (result.isSuccess()) {
            ArchivedExecutionGraph executed = cluster.getArchivedExecutionGraph(job).get(1, TimeUnit.MINUTES);
            completedCheckpoints = executed.getCheckpointStatsSnapshot().getCounts().getNumberOfCompletedCheckpoints();
            failedCheckpoints = executed.getCheckpointStatsSnapshot().getCounts().getNumberOfFailedCheckpoints();
            backend = executed.getStateBackendName().orElse("?");
            for (AbstractCheckpointStats stats : executed.getCheckpointStatsSnapshot().getHistory().getCheckpoints()) {
                if (stats instanceof FailedCheckpointStats failed) {
                    checkpointFailures.merge(reason(failed.getFailureMessage()), 1, Integer::sum);
                }
            }
            check = setup.job ? checkJob(outputs) : checkBaseline();
            String expectedBackend = setup.stateBackend.equals("rocksdb") ? "EmbeddedRocksDBStateBackend"
                    : "HashMapStateBackend";
            if (!backend.equals(expectedBackend)) {
                check = new Check(false, "WRONG: state backend " + backend + ", not " + expectedBackend + "; "
                        + check.text());
            }
            if (completedCheckpoints < 1) {
                check = new Check(false, "WRONG: no checkpoint completed; " + check.text());
            }
        } else {
            String cause = result.getSerializedThrowable()
                    .map(t -> t.deserializeError(RewardJoinThroughput.class.getClassLoader()).toString())
                    .orElse("no cause given");
            check = new Check(false, "FAILED: the job ended " + result.getApplicationStatus() + ": " + cause);
        }
        Run run = new Run(setup, round, seconds, traffic.events(), completedCheckpoints, failedCheckpoints, backend,
                check.valid(), check.text());
        runs.add(run);
        System.out.printf(Locale.ROOT, "%-5s %-12s %9.2f %,12.0f %4d/%-3d %-28s %5.2f  %s%n",
                round == 0 ? "warm" : Integer.toString(round), setup.slug, seconds, run.eventsPerSecond(),
                completedCheckpoints, failedCheckpoints, backend, (loadBefore + loadAverage()) / 2, check.text());
        if (!checkpointFailures.isEmpty()) {
            System.out.printf(Locale.ROOT, "%18s failed checkpoints (as far as the history goes): %s%n", "",
                    checkpointFailures);
        }

        deleteTopics(kafka.bootstrapServers(), outputs, KAFKA_TIMEOUT);
        deleteRecursively(checkpoints);
    }

    /**
     * The job's inputs up to where the job starts joining: the same sources, decoding, dead-letter
     * split and watermarks as {@link BanditLoopJob#build}, then a sink that drops every record.
     */
    private static void baseline(StreamExecutionEnvironment env, BanditLoopSettings settings) {
        if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
            throw new IllegalStateException("the baseline runs with the job's checkpointing");
        }
        env.setParallelism(settings.parallelism());
        env.setMaxParallelism(JobEnvironment.MAX_PARALLELISM);
        WatermarkStrategy<Decoded> eventTime = InputWatermarks.events(settings.outOfOrderness(), settings.idleness());
        DataStream<Decoded> exposures = decoded(env,
                TopicSource.kafka(settings, Topic.EXPOSURES, LoopInput.EXPOSURES), eventTime, "exposures",
                settings.parallelism());
        DataStream<Decoded> rewards = decoded(env,
                TopicSource.kafka(settings, Topic.REWARDS, LoopInput.REWARDS), eventTime, "rewards",
                settings.parallelism());
        DataStream<Decoded> specs = decoded(env,
                TopicSource.kafka(settings, Topic.EXPERIMENTS, LoopInput.EXPERIMENTS),
                InputWatermarks.specs(), "experiments", 1);
        exposures.union(rewards, specs).sinkTo(new CountingDiscardSink<>()).name("discard").uid("discard");
    }

    /** The job's own source and split, each record passed on whole. */
    private static DataStream<Decoded> decoded(StreamExecutionEnvironment env, Source<Decoded, ?, ?> source,
            WatermarkStrategy<Decoded> watermarks, String name, int parallelism) {
        return TopicSource.read(env, source, watermarks, name, parallelism, decoded -> decoded, Decoded.class);
    }

    private static BanditLoopSettings withTopics(BanditLoopSettings s, TopicNames topics) {
        return new BanditLoopSettings(s.bootstrapServers(), topics, s.jobName(), s.consumerGroup(),
                s.transactionalIdPrefix(), s.outOfOrderness(), s.idleness(), s.orphanRewardTtl(),
                s.settledRetention(), s.specWait(), s.transactionTimeout(), s.parallelism(), s.bounded());
    }

    // ---------------------------------------------------------------- checks

    record Check(boolean valid, String text) {}

    private Check checkBaseline() {
        long expected = traffic.events() + 1L;
        long received = CountingDiscardSink.RECORDS.sum();
        return received == expected
                ? new Check(true, String.format(Locale.ROOT, "ok: %,d records reached the sink", received))
                : new Check(false, String.format(Locale.ROOT, "WRONG: %,d records reached the sink, not %,d",
                        received, expected));
    }

    /**
     * One committed outcome per exposure with the expected reward, each arm's newest posterior
     * equal to the sums of its in-experiment outcomes, no dead letters.
     */
    private Check checkJob(TopicNames outputs) {
        List<String> problems = new ArrayList<>();
        TopicReader.Contents<Outcome> outcomes =
                TopicReader.readAll(kafka.bootstrapServers(), outputs.of(Topic.OUTCOMES), Outcome.class, KAFKA_TIMEOUT);
        boolean[] seen = new boolean[decisions];
        int distinct = 0;
        int repeated = 0;
        int unknown = 0;
        int wrongReward = 0;
        for (Outcome outcome : outcomes.values()) {
            int d = JoinTraffic.decision(outcome.requestId());
            if (d < 0 || d >= decisions) {
                unknown++;
            } else if (seen[d]) {
                repeated++;
            } else {
                seen[d] = true;
                distinct++;
                if (Math.abs(outcome.reward() - traffic.expectedReward[d]) > 1e-12) {
                    wrongReward++;
                }
            }
        }
        if (distinct != decisions || repeated > 0 || unknown > 0 || !outcomes.undecodable().isEmpty()) {
            problems.add(String.format(Locale.ROOT, "%,d outcomes for %,d of %,d exposures (%d repeated, %d unknown, "
                    + "%d undecodable)", outcomes.records().size(), distinct, decisions, repeated, unknown,
                    outcomes.undecodable().size()));
        }
        if (wrongReward > 0) {
            problems.add(wrongReward + " outcomes with another reward than the recomputation");
        }

        Map<String, double[]> expectedArms = new HashMap<>(); // alpha, beta, outcomes
        for (int d = 0; d < decisions; d++) {
            if (traffic.inExperiment[d]) {
                double[] arm = expectedArms.computeIfAbsent(spec.arms().get(traffic.arm[d]).name(),
                        k -> new double[] {spec.policy().betaPrior().alpha(), spec.policy().betaPrior().beta(), 0});
                arm[0] += traffic.expectedReward[d];
                arm[1] += 1 - traffic.expectedReward[d];
                arm[2] += 1;
            }
        }
        Map<String, PosteriorSnapshot> newest = new HashMap<>();
        for (PosteriorSnapshot snapshot : TopicReader.readAll(kafka.bootstrapServers(), outputs.of(Topic.POSTERIORS),
                PosteriorSnapshot.class, KAFKA_TIMEOUT).values()) {
            newest.merge(snapshot.arm(), snapshot, (held, next) -> next.version() >= held.version() ? next : held);
        }
        expectedArms.forEach((arm, expected) -> {
            PosteriorSnapshot snapshot = newest.get(arm);
            if (snapshot == null || !EXPERIMENT.equals(snapshot.experiment())
                    || Math.abs(snapshot.alpha() - expected[0]) > 1e-6
                    || Math.abs(snapshot.beta() - expected[1]) > 1e-6
                    || snapshot.version() != (long) expected[2]) {
                problems.add("posterior of " + arm + ": " + snapshot + ", expected alpha " + expected[0] + ", beta "
                        + expected[1] + ", version " + (long) expected[2]);
            }
        });
        if (!newest.keySet().equals(expectedArms.keySet())) {
            problems.add("posteriors for arms " + newest.keySet() + ", expected " + expectedArms.keySet());
        }
        List<DeadLetter> deadLetters = TopicReader.readAll(kafka.bootstrapServers(), outputs.of(Topic.DEAD_LETTERS),
                DeadLetter.class, KAFKA_TIMEOUT).values();
        if (!deadLetters.isEmpty()) {
            problems.add(deadLetters.size() + " dead letters, the first: " + deadLetters.get(0).reason());
        }
        return problems.isEmpty()
                ? new Check(true, String.format(Locale.ROOT, "ok: %,d outcomes, 1 per exposure, rewards and %d "
                        + "posteriors as recomputed", distinct, newest.size()))
                : new Check(false, "WRONG: " + String.join("; ", problems));
    }

    // ---------------------------------------------------------------- figures

    private boolean summarize() {
        List<Run> counted = runs.stream().filter(r -> r.round() > 0).toList();
        boolean allValid = runs.stream().allMatch(Run::valid);
        System.out.println();
        System.out.printf(Locale.ROOT, "%,d events per run; %d counted rounds; mean ± sample standard deviation; load "
                + "average now %.2f%n", traffic.events(), rounds, loadAverage());
        System.out.printf(Locale.ROOT, "%-54s %4s %16s %22s %18s%n", "setup", "runs", "seconds", "events/s",
                "× baseline");
        SampleStats baseline = SampleStats.of(valid(counted, Setup.BASELINE).stream().mapToDouble(Run::eventsPerSecond).toArray());
        for (Setup setup : Setup.values()) {
            List<Run> ok = valid(counted, setup);
            if (ok.isEmpty()) {
                System.out.printf(Locale.ROOT, "%-54s %4d   (no valid run)%n", setup.label, 0);
                continue;
            }
            SampleStats seconds = SampleStats.of(ok.stream().mapToDouble(Run::seconds).toArray());
            SampleStats rate = SampleStats.of(ok.stream().mapToDouble(Run::eventsPerSecond).toArray());
            String ratio = "";
            if (baseline.n() > 0) {
                double r = rate.mean() / baseline.mean();
                double error = setup == Setup.BASELINE ? 0
                        : r * Math.hypot(rate.standardError() / rate.mean(),
                                baseline.standardError() / baseline.mean());
                ratio = String.format(Locale.ROOT, "%.3f ± %.3f", r, error);
            }
            System.out.printf(Locale.ROOT, "%-54s %4d %7.2f ± %-6.2f %,10.0f ± %-9.0f %18s%n", setup.label, ok.size(),
                    seconds.mean(), seconds.sd(), rate.mean(), rate.sd(), ratio);
        }
        System.out.println();
        System.out.println("Paired by round (the job's events/s ÷ the baseline's in the same round), mean ± standard error:");
        for (Setup setup : List.of(Setup.JOB_ROCKSDB, Setup.JOB_HEAP)) {
            List<Double> paired = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                Run job = find(counted, setup, round);
                Run base = find(counted, Setup.BASELINE, round);
                if (job != null && base != null && job.valid() && base.valid()) {
                    paired.add(job.eventsPerSecond() / base.eventsPerSecond());
                }
            }
            SampleStats s = SampleStats.of(paired.stream().mapToDouble(Double::doubleValue).toArray());
            if (s.n() > 0) {
                System.out.printf(Locale.ROOT, "  %-52s %.3f ± %.3f (%d rounds; min %.3f, max %.3f)%n", setup.label,
                        s.mean(), s.standardError(), s.n(), s.min(), s.max());
            }
        }
        if (!allValid) {
            System.out.println();
            System.out.println("Some runs failed their check and are left out of the figures above:");
            runs.stream().filter(r -> !r.valid()).forEach(r -> System.out.printf(Locale.ROOT, "  round %d %s: %s%n",
                    r.round(), r.setup().slug, r.check()));
        }
        return allValid;
    }

    /** The gist of a failed checkpoint's message: Flink's "Failure reason" when it gives one. */
    private static String reason(String message) {
        if (message == null) {
            return "no message";
        }
        int at = message.lastIndexOf("Failure reason: ");
        String reason = at >= 0 ? message.substring(at + "Failure reason: ".length()) : message;
        int newline = reason.indexOf('\n');
        return newline >= 0 ? reason.substring(0, newline) : reason;
    }

    private static List<Run> valid(List<Run> runs, Setup setup) {
        return runs.stream().filter(r -> r.setup() == setup && r.valid()).toList();
    }

    private static Run find(List<Run> runs, Setup setup, int round) {
        return runs.stream().filter(r -> r.setup() == setup && r.round() == round).findFirst().orElse(null);
    }
}

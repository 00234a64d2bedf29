package io.sluice.bench;

import io.sluice.core.config.JudgeJobSettings;
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
import io.sluice.core.event.JudgeScore;
import io.sluice.core.event.SchemaVersion;
import io.sluice.core.event.Trace;
import io.sluice.core.event.TraceMessage;
import io.sluice.core.experiment.ExperimentSpec;
import io.sluice.core.json.SluiceJson;
import io.sluice.core.topic.Topic;
import io.sluice.core.topic.TopicNames;
import io.sluice.flink.bandit.BanditLoopJob;
import io.sluice.flink.judge.JudgeEndpointSettings;
import io.sluice.flink.judge.OnlineJudgeJob;
import io.sluice.flink.judge.OnlineJudgeSettings;
import io.sluice.judge.model.JudgeCallException;
import io.sluice.judge.rubric.RubricJudge;
import io.sluice.judge.rubric.RubricVerdict;
import io.sluice.simulator.quality.QualityMark;
import io.sluice.simulator.upstream.SimulatedUpstream;
import io.sluice.simulator.world.JudgeProfile;
import io.sluice.simulator.world.SimulatorConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.deployment.executors.PipelineExecutorUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Throughput of the online judge against the Little's-law limit of its capacity: with at most C
 * judge calls at once, each taking L, no judge can be asked more than C / L times a second. How
 * close does {@link OnlineJudgeJob} come, and how close does the judge-client alone come on the
 * same machine (the baseline measured in the same run)?
 *
 * <pre>java -cp bench/target/benchmarks.jar io.sluice.bench.JudgeThroughput [max traces] [latencies ms] [capacities] [rounds] [max in flight]</pre>
 *
 * <p>Defaults: at most 3,000 traces a run, latencies {@code 0,50,200} ms, capacities
 * {@code 1,4,16,64}, 3 rounds, the async operator's capacity ({@code maxInFlight}) 2C but at
 * least the job's default of {@value JudgeJobSettings.DEFAULT_MAX_IN_FLIGHT}, so that it never
 * holds fewer traces than C calls need and a trace always waits at the experiment's gate when a
 * call ends. Latency 0 is a judge that answers at once: no limit to compare with, but the ceiling
 * of the client, the simulator and the job on this machine.
 *
 * <p><b>One JVM holds everything</b>, as in the embedded runtime: the KRaft broker
 * ({@link EmbeddedKafka}, in a temporary directory deleted at the end), one
 * {@link SimulatedUpstream} on 127.0.0.1 with one simulated judge model per latency (fixed
 * latency, no jitter, no errors or refusals), and one Flink MiniCluster (one task manager, one
 * slot) to which every job is submitted.
 *
 * <p><b>Input.</b> One experiment whose judge is enabled with sample rate 1.0, capacity C, timeout
 * 30 s, no retries, and a budget that cannot bind (10,000,000 judgments a minute, 10<sup>13</sup>
 * tokens an hour); n traces of support answers of seeded quality, each naming its request id in
 * its text. n is what the limit C / L gets through in {@value #SECONDS_AT_LIMIT} s, at least
 * {@value #MIN_TRACES}, at most {@code max traces}.
 *
 * <p><b>Two setups</b> judge the same traces:
 * <ol>
 *   <li><b>client</b> (the baseline): the judge-client the job calls ({@link RubricJudge}, built as
 *       the job builds it from the spec and the endpoint), called by C threads in a loop, without
 *       Flink or Kafka;
 *   <li><b>job</b>: the real job ({@link OnlineJudgeJob#fromKafka}) with
 *       {@link BanditLoopJob#embeddedConfiguration} (checkpoints every second, RocksDB), restarts
 *       off, bounded, reading topics of its own ({@value #PARTITIONS} partitions) filled before it
 *       starts; its scores are read back from its {@code judge-scores} topic.
 * </ol>
 *
 * <p><b>What is measured.</b> judgments/s = n / (the last judgment's end − the first call's start);
 * for the job, a score's end is its {@code judged_at} and its start that less its
 * {@code latency_ms}. Anchoring the window at the first call's start rather than at the first
 * score counts every judgment with the time it took: from the first score, the first C calls, all
 * ending at about the same instant, would be counted without theirs. W is the mean call latency as
 * the judge-client measures it around the HTTP call (the scores' {@code latency_ms}, whole
 * milliseconds, truncated). Little's law, N = λ·W, gives from those two the mean number of calls
 * in flight; N / C is the throughput as a fraction of C / W.
 *
 * <p><b>CPU</b>: a sampler reads every live thread's CPU time every 100 ms during a run and sums
 * it by kind of thread: the simulator's event loop, the judge-call threads, the JDK HTTP client's
 * threads, Flink's task threads, and the rest (the broker, the Kafka clients, Flink's runtime, the
 * garbage collector). Printed as milliseconds of CPU per judgment; a thread that ends in the last
 * 100 ms of a run loses that time.
 *
 * <p><b>A run counts only if</b> every trace got exactly one verdict, none failed; for the job,
 * also all from one judge and no dead letter. One warm-up run of each setup at the largest
 * capacity and the shortest latency is not counted. The order of the settings, and of the two
 * setups, is reversed every other round. Figures are mean ± sample standard deviation over the
 * rounds.
 */
public final class JudgeThroughput {
    static final int PARTITIONS = 3;
    static final int SECONDS_AT_LIMIT = 3;
    static final int MIN_TRACES = 40;
    private static final int DEFAULT_MAX_TRACES = 3_000;
    private static final String DEFAULT_LATENCIES = "0,50,200";
    private static final String DEFAULT_CAPACITIES = "1,4,16,64";
    private static final int DEFAULT_ROUNDS = 3;
    private static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(1);
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);
    private static final String EXPERIMENT = "bench-judge";
    private static final long SEED = 20_260_301L;

    /**
     * The experiment: two arms, every request traced and judged, on the support-bot rubric inline.
     * Filled in with the judge model and the capacity.
     */
    private static final String CONFIG = """
            experiments:
              - name: bench-judge
                unit: user
                policy: {type: thompson}
                arms:
                  - {name: a, model: sim-a}
                  - {name: b, model: sim-b}
                reward:
                  signals: {thumbs_up: 1, thumbs_down: 0}
                trace_sample_rate: 1.0
                judge:
                  enabled: true
                  model: %s
                  sample_rate: 1.0
                  judgments_per_minute: 10000000
                  tokens_per_hour: 10000000000000
                  capacity: %d
                  timeout: 30s
                  max_retries: 0
                  rubric:
                    id: support-bot
                    version: 1
                    scale: {min: 1, max: 5}
                    axes:
                      - name: clarity
                        levels: {1: Confusing or vague, 3: Readable but wordy, 5: Direct and easy to follow}
                      - name: accuracy
                        levels: {1: Wrong policy or fact, 3: Mostly correct, 5: Fully correct and complete}
                      - name: policy_citation
                        levels: {1: No citation, 3: Vague mention, 5: Exact policy cited with link}
            """;

    private static final List<TraceMessage> CONVERSATION = List.of(
            new TraceMessage("system", "Be helpful, cite the relevant return or shipping policy."),
            new TraceMessage("user", "Hi, I'm Anna. My package hasn't arrived. It's been 8 days. Order #48213."));

    /** One (capacity, latency) setting. */
    record Point(int capacity, int latencyMillis, int traces, int maxInFlight) {
        /** C / L in judgments per second; infinite for an instant judge. */
        double limit() {
            return latencyMillis == 0 ? Double.POSITIVE_INFINITY : capacity * 1000.0 / latencyMillis;
        }

        String model() {
            return "sim-judge-" + latencyMillis + "ms";
        }

        String label() {
            return "C=" + capacity + " L=" + latencyMillis + "ms";
        }
    }

    /** What is timed: the judge-client alone on C threads (the baseline), or the online judge job. */
    enum Setup {
        CLIENT("client"),
        JOB("job");

        final String slug;

        Setup(String slug) {
            this.slug = slug;
        }
    }

    /** One timed run and what its check found. */
    record Run(Setup setup, Point point, int round, double perSecond, double meanLatencyMillis,
            double p99LatencyMillis, double wallSeconds, Map<String, Double> cpuMillisPerJudgment, boolean valid,
            String check) {
        /** Little's law: the mean number of calls in flight, λ · W. */
        double callsInFlight() {
            return perSecond * meanLatencyMillis / 1000.0;
        }

        static Run failed(Setup setup, Point point, int round, double wallSeconds, String check) {
            return new Run(setup, point, round, Double.NaN, Double.NaN, Double.NaN, wallSeconds, Map.of(), false,
                    check);
        }
    }

    /** When one judgment started and ended, its call's latency as the judge-client measured it, why it failed. */
    record Timing(long startMicros, long endMicros, long latencyMillis, String failure) {}

    private final int maxTraces;
    private final List<Integer> latencies;
    private final List<Integer> capacities;
    private final int rounds;
    private final Integer fixedMaxInFlight;
    private final List<Run> runs = new ArrayList<>();
    private Path directory;
    private EmbeddedKafka kafka;
    private SimulatedUpstream judges;
    private MiniCluster cluster;
    private int submitted;

    private JudgeThroughput(int maxTraces, List<Integer> latencies, List<Integer> capacities, int rounds,
            Integer fixedMaxInFlight) {
        if (maxTraces < MIN_TRACES || rounds < 1 || latencies.isEmpty() || capacities.isEmpty()
                || latencies.stream().anyMatch(l -> l < 0) || capacities.stream().anyMatch(c -> c < 1)
                || (fixedMaxInFlight != null && fixedMaxInFlight < 1)) {
            throw new IllegalArgumentException("max traces must be at least " + MIN_TRACES + ", rounds and capacities "
                    + "at least 1, latencies not negative");
        }
        this.maxTraces = maxTraces;
        this.latencies = latencies;
        this.capacities = capacities;
        this.rounds = rounds;
        this.fixedMaxInFlight = fixedMaxInFlight;
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "classpath:sluice-bench-log4j2.xml");
        }
        int maxTraces = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : DEFAULT_MAX_TRACES;
        List<Integer> latencies = integers(args.length > 1 ? args[1] : DEFAULT_LATENCIES);
        List<Integer> capacities = integers(args.length > 2 ? args[2] : DEFAULT_CAPACITIES);
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : DEFAULT_ROUNDS;
        Integer maxInFlight = args.length > 4 ? Integer.valueOf(args[4]) : null;
        boolean allValid = new JudgeThroughput(maxTraces, latencies, capacities, rounds, maxInFlight).run();
        System.exit(allValid ? 0 : 1);
    }

    private static List<Integer> integers(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).map(Integer::valueOf).toList();
    }

    private List<Point> points() {
        List<Point> points = new ArrayList<>();
        for (int latency : latencies) {
            for (int capacity : capacities) {
                double atLimit = latency == 0 ? Double.POSITIVE_INFINITY
                        : capacity * 1000.0 / latency * SECONDS_AT_LIMIT;
                int traces = (int) Math.max(MIN_TRACES, Math.min(maxTraces, Math.round(atLimit)));
                int inFlight = fixedMaxInFlight != null ? fixedMaxInFlight
                        : Math.max(JudgeJobSettings.DEFAULT_MAX_IN_FLIGHT, 2 * capacity);
                points.add(new Point(capacity, latency, traces, inFlight));
            }
        }
        return points;
    }

    private boolean run() throws Exception {
        directory = Files.createTempDirectory("sluice-bench-judge-");
        List<Point> points = points();
        System.out.printf(Locale.ROOT, "Online judge throughput: latencies %s ms, capacities %s, at most %,d traces a run "
                        + "(%d s at the limit, at least %d), %d rounds after 1 warm-up run of each setup; parallelism 1, "
                        + "checkpoints every %d ms%n", latencies, capacities, maxTraces, SECONDS_AT_LIMIT, MIN_TRACES,
                rounds, CHECKPOINT_INTERVAL.toMillis());
        System.out.printf(Locale.ROOT, "Java %s (%s), %d processors, max heap %,d MiB, load average %.2f; data in %s%n",
                System.getProperty("java.version"), System.getProperty("java.vm.name"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, loadAverage(),
                directory);
        try {
            kafka = new EmbeddedKafka(EmbeddedKafkaConfig.inDirectory(directory.resolve("kafka"))).start();
            judges = SimulatedUpstream.start(simulatorConfig());
            cluster = startCluster();
            try {
                System.out.println();
                System.out.println("judg/s: judgments / (last end − first start); W: mean call latency (judge-client); "
                        + "N = λW: calls in flight by Little's law; cpu: ms of CPU per judgment by thread kind: "
                        + "simulator event loop (its busiest thread), judge-call threads, JDK HTTP client, Flink tasks, "
                        + "rest; load: 1-minute load average");
                System.out.printf(Locale.ROOT, "%-5s %-6s %-16s %6s %6s %9s %6s %6s %7s %7s %6s  %-34s %5s  %s%n",
                        "round", "setup", "setting", "traces", "in-flt", "judg/s", "C/L", "× C/L", "W ms", "N=λW",
                        "wall", "cpu ms/judgment", "load", "check");
                Point warmUp = points.stream().max(Comparator.comparingInt(Point::capacity)
                        .thenComparing(Comparator.comparingInt(Point::latencyMillis).reversed())).orElseThrow();
                for (Setup setup : Setup.values()) {
                    measure(setup, warmUp, 0, traces(warmUp, 0));
                }
                for (int round = 1; round <= rounds; round++) {
                    List<Point> order = new ArrayList<>(points);
                    List<Setup> setups = new ArrayList<>(Arrays.asList(Setup.values()));
                    if (round % 2 == 0) {
                        Collections.reverse(order);
                        Collections.reverse(setups);
                    }
                    for (Point point : order) {
                        List<Trace> traces = traces(point, round);
                        for (Setup setup : setups) {
                            measure(setup, point, round, traces);
                        }
                    }
                }
            } finally {
                cluster.close();
                judges.close();
            }
            return summarize(points);
        } finally {
            if (kafka != null) {
                kafka.close();
            }
            deleteRecursively(directory);
        }
    }

    /** The simulator, asked as the job asks it: no key, the judge-client's reply settings. */
    private JudgeEndpointSettings endpoint() {
        return JudgeEndpointSettings.of(judges.baseUrl(), null);
    }

    private SimulatorConfig simulatorConfig() {
        List<JudgeProfile> profiles = latencies.stream().distinct()
                .map(latency -> JudgeProfile.builder()
                        .model("sim-judge-" + latency + "ms")
                        .noise(0.3)
                        .latency(Duration.ofMillis(latency))
                        .jitter(Duration.ZERO)
                        .build())
                .toList();
        // Nothing is inspected afterwards: keep no request in full.
        return SimulatorConfig.builder().seed(SEED).judges(profiles).receivedLogCapacity(0).build();
    }

    private MiniCluster startCluster() throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        MiniCluster miniCluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(1)
                .build());
        miniCluster.start();
        return miniCluster;
    }

    private static ExperimentSpec spec(Point point) {
        return SluiceConfigReader.parse(CONFIG.formatted(point.model(), point.capacity()), "judge throughput benchmark")
                .experiments().get(0);
    }

    /** The traces of one setting in one round; both setups judge the same ones. */
    private static List<Trace> traces(Point point, int round) {
        SplittableRandom random =
                new SplittableRandom(SEED + 1_000_000L * round + 1_000L * point.capacity() + point.latencyMillis());
        Instant decidedAt = Instant.now().minus(Duration.ofMinutes(1));
        List<Trace> traces = new ArrayList<>(point.traces());
        for (int i = 0; i < point.traces(); i++) {
            String requestId = "req-" + round + "-" + point.capacity() + "-" + point.latencyMillis() + "-" + i;
            traces.add(trace(requestId, i % 2 == 0 ? "a" : "b", random.nextDouble(), decidedAt));
        }
        return traces;
    }

    /**
     * A traced support answer of true quality {@code quality}, worded to match it, with the quality
     * mark the simulated judge reads. The request id is in the text, so each answer is a different
     * prompt.
     */
    private static Trace trace(String requestId, String arm, double quality, Instant decidedAt) {
        String body;
        if (quality >= 0.6) {
            body = "Hi Anna,\n\nI'm sorry your package hasn't shown up yet. Under our Shipping Policy (section 3.2), "
                    + "an order that has not arrived within 7 business days qualifies for a carrier trace. "
                    + "I've asked the carrier to open a trace on order #48213 (ticket " + requestId + ").";
        } else if (quality >= 0.35) {
            body = "Hello,\n\nThanks for letting us know your order hasn't reached you. I've pulled up order #48213 "
                    + "(ticket " + requestId + "). You'll get an email when the carrier updates the status.";
        } else {
            body = "Hello,\n\nSometimes packages take a little longer than expected (ticket " + requestId + "). "
                    + "Delivery times can vary.";
        }
        return new Trace(SchemaVersion.CURRENT, requestId, EXPERIMENT, arm, "sim-" + arm, decidedAt, CONVERSATION,
                QualityMark.append(body, quality), "stop", 60, 50, 120);
    }

    // ---------------------------------------------------------------- one run

    private void measure(Setup setup, Point point, int round, List<Trace> traces) throws Exception {
        ExperimentSpec spec = spec(point);
        Run run = setup == Setup.JOB ? runJob(point, round, spec, traces) : runClient(point, round, spec, traces);
        runs.add(run);
        System.out.printf(Locale.ROOT, "%-5s %-6s %-16s %6d %6s %9.1f %6s %6s %7.1f %7s %6.2f  %-34s %5.2f  %s%n",
                round == 0 ? "warm" : Integer.toString(round), setup.slug, point.label(), point.traces(),
                setup == Setup.JOB ? Integer.toString(point.maxInFlight()) : "-", run.perSecond(),
                limitText(point.limit()), ratioText(run.perSecond() / point.limit()), run.meanLatencyMillis(),
                point.latencyMillis() == 0 ? "—" : String.format(Locale.ROOT, "%.2f", run.callsInFlight()),
                run.wallSeconds(), cpuText(run.cpuMillisPerJudgment()), loadAverage(), run.check());
    }

    /**
     * The baseline: the judge-client the job uses ({@link RubricJudge}, built as the job builds it
     * from the spec and the endpoint), called by C threads of this JVM in a loop over the same
     * traces, without Flink or Kafka.
     */
    private Run runClient(Point point, int round, ExperimentSpec spec, List<Trace> traces) throws Exception {
        RubricJudge judge = RubricJudge.create(endpoint().modelSettings(spec.judge()),
                spec.judge().rubric());
        Timing[] timings = new Timing[traces.size()];
        AtomicInteger next = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < point.capacity(); t++) {
            threads.add(new Thread(() -> {
                for (int i = next.getAndIncrement(); i < traces.size(); i = next.getAndIncrement()) {
                    long started = micros(Instant.now());
                    String failure = null;
                    long latency;
                    try {
                        RubricVerdict verdict = judge.grade(traces.get(i));
                        latency = verdict.latency().toMillis();
                        failure = verdict.failureReason();
                    } catch (JudgeCallException e) {
                        latency = e.elapsed().toMillis();
                        failure = e.failure().wireName() + ": " + e.getMessage();
                    }
                    timings[i] = new Timing(started, micros(Instant.now()), latency, failure);
                }
            }, "judge-call-alone-" + (t + 1)));
        }
        System.gc();
        ThreadCpu cpu = ThreadCpu.start();
        long started = System.nanoTime();
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        double wallSeconds = (System.nanoTime() - started) / 1e9;
        Map<String, Long> cpuNanos = cpu.stop();

        List<String> problems = new ArrayList<>();
        long failed = Arrays.stream(timings).filter(t -> t.failure() != null).count();
        if (failed > 0) {
            problems.add(failed + " failed, the first: " + Arrays.stream(timings).filter(t -> t.failure() != null)
                    .findFirst().orElseThrow().failure());
        }
        return figures(Setup.CLIENT, point, round, Arrays.asList(timings), wallSeconds, cpuNanos, problems,
                String.format(Locale.ROOT, "ok: %,d verdicts", timings.length));
    }

    /** The online judge job on its own topics, filled before it starts. */
    private Run runJob(Point point, int round, ExperimentSpec spec, List<Trace> traces) throws Exception {
        int id = ++submitted;
        String name = "bench-judge-" + id;
        TopicNames topics = new TopicNames("bench-judge-run" + id + ".");
        TopicProvisioner.provision(kafka.bootstrapServers(), topics, TopicLayout.of(PARTITIONS, (short) 1),
                KAFKA_TIMEOUT);
        publish(topics, spec, traces);

        OnlineJudgeSettings settings = OnlineJudgeSettings.defaults(kafka.bootstrapServers(), topics,
                        endpoint())
                .withJobName(name)
                .withMaxInFlight(point.maxInFlight())
                .withBounded(true);
        Path checkpoints = directory.resolve("checkpoints").resolve(name);
        Configuration conf = JobEnvironment.embeddedConfiguration(checkpoints, CHECKPOINT_INTERVAL);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        OnlineJudgeJob.fromKafka(settings).build(env);
        // What env.executeAsync does on a local environment, but submitted to the running cluster.
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName(name);
        graph = PipelineExecutorUtils.getStreamGraph(graph, conf);
        graph.serializeUserDefinedInstances();
        System.gc();

        ThreadCpu cpu = ThreadCpu.start();
        long started = System.nanoTime();
        JobID job = cluster.submitJob(graph).get(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).getJobID();
        JobResult result = cluster.requestJobResult(job).get(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        double wallSeconds = (System.nanoTime() - started) / 1e9;
        Map<String, Long> cpuNanos = cpu.stop();

        Run run;
        if (result.isSuccess()) {
            run = evaluateJob(point, round, topics, wallSeconds, cpuNanos);
        } else {
            String cause = result.getSerializedThrowable()
                    .map(t -> t.deserializeError(JudgeThroughput.class.getClassLoader()).toString())
                    .orElse("no cause given");
            run = Run.failed(Setup.JOB, point, round, wallSeconds,
                    "FAILED: the job ended " + result.getApplicationStatus() + ": " + cause);
        }
        deleteTopics(kafka.bootstrapServers(), topics, KAFKA_TIMEOUT);
        deleteRecursively(checkpoints);
        return run;
    }

    /** The spec, then the traces, as the router would write them (keyed by request id). */
    private void publish(TopicNames topics, ExperimentSpec spec, List<Trace> traces) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topics.of(Topic.EXPERIMENTS), spec.name(), SluiceJson.toBytes(spec)),
                    (metadata, e) -> failure.compareAndSet(null, e));
            for (Trace trace : traces) {
                producer.send(new ProducerRecord<>(topics.of(Topic.TRACES), trace.requestId(),
                        SluiceJson.toBytes(trace)), (metadata, e) -> failure.compareAndSet(null, e));
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("producing the input failed", failure.get());
        }
    }

    /** Reads the run's scores back and checks them: one per trace, none failed, one judge, no dead letter. */
    private Run evaluateJob(Point point, int round, TopicNames topics, double wallSeconds, Map<String, Long> cpuNanos) {
        TopicReader.Contents<JudgeScore> read = TopicReader.readAll(kafka.bootstrapServers(),
                topics.of(Topic.JUDGE_SCORES), JudgeScore.class, KAFKA_TIMEOUT);
        List<DeadLetter> deadLetters = TopicReader.readAll(kafka.bootstrapServers(), topics.of(Topic.DEAD_LETTERS),
                DeadLetter.class, KAFKA_TIMEOUT).values();
        List<JudgeScore> scores = read.values();
        List<String> problems = new ArrayList<>();
        Set<String> requests = new HashSet<>();
        Set<String> fingerprints = new HashSet<>();
        List<Timing> timings = new ArrayList<>();
        for (JudgeScore score : scores) {
            requests.add(score.requestId());
            fingerprints.add(score.fingerprint());
            long judged = micros(score.judgedAt());
            // The call started its latency before the score was stamped.
            timings.add(new Timing(judged - score.latencyMs() * 1000, judged, score.latencyMs(), score.failure()));
        }
        if (scores.size() != point.traces() || requests.size() != point.traces()) {
            problems.add(String.format(Locale.ROOT, "%,d scores for %,d of %,d traces", scores.size(), requests.size(),
                    point.traces()));
        }
        long failed = scores.stream().filter(JudgeScore::failed).count();
        if (failed > 0) {
            problems.add(failed + " failed, the first: "
                    + scores.stream().filter(JudgeScore::failed).findFirst().orElseThrow().failure());
        }
        if (fingerprints.size() > 1) {
            problems.add(fingerprints.size() + " judge fingerprints");
        }
        if (!read.undecodable().isEmpty()) {
            problems.add(read.undecodable().size() + " undecodable scores");
        }
        if (!deadLetters.isEmpty()) {
            problems.add(deadLetters.size() + " dead letters, the first: " + deadLetters.get(0).reason());
        }
        return figures(Setup.JOB, point, round, timings, wallSeconds, cpuNanos, problems,
                String.format(Locale.ROOT, "ok: %,d scores, 1 per trace", scores.size()));
    }

    /**
     * judgments/s = judgments / (last end − first start): anchored at the first call's start rather
     * than the first score, so that the first C calls, which end at about the same instant, are
     * counted with the time they took.
     */
    private static Run figures(Setup setup, Point point, int round, List<Timing> timings, double wallSeconds,
            Map<String, Long> cpuNanos, List<String> problems, String ok) {
        if (timings.isEmpty()) {
            return Run.failed(setup, point, round, wallSeconds, "WRONG: " + String.join("; ", problems));
        }
        long firstStart = timings.stream().mapToLong(Timing::startMicros).min().orElseThrow();
        long lastEnd = timings.stream().mapToLong(Timing::endMicros).max().orElseThrow();
        long[] latencies = timings.stream().mapToLong(Timing::latencyMillis).sorted().toArray();
        double perSecond = timings.size() / ((lastEnd - firstStart) / 1e6);
        double meanLatency = Arrays.stream(latencies).average().orElseThrow();
        double p99 = latencies[Math.max(0, (int) Math.ceil(0.99 * latencies.length) - 1)];
        Map<String, Double> cpuPerJudgment = new LinkedHashMap<>();
        cpuNanos.forEach((kind, nanos) -> cpuPerJudgment.put(kind, nanos / 1e6 / timings.size()));
        boolean valid = problems.isEmpty();
        return new Run(setup, point, round, perSecond, meanLatency, p99, wallSeconds, cpuPerJudgment, valid,
                valid ? ok : "WRONG: " + String.join("; ", problems));
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    // ---------------------------------------------------------------- figures

    private boolean summarize(List<Point> points) {
        boolean allValid = runs.stream().allMatch(Run::valid);
        System.out.println();
        System.out.printf(Locale.ROOT, "%d counted rounds; mean ± sample standard deviation; load average now %.2f%n",
                rounds, loadAverage());
        System.out.println("C/L: the limit with the configured latency; W: observed mean call latency (whole ms, "
                + "truncated); C/W: the limit with it (× C/W = N/C); N = λW: calls in flight by Little's law; "
                + "× client: the job's judgments/s ÷ the client's (ratio of the means)");
        System.out.printf(Locale.ROOT, "%-4s %-5s %-6s %6s %4s %18s %6s %15s %15s %7s %15s %13s %6s %9s  %s%n", "C",
                "L ms", "setup", "traces", "runs", "judgments/s", "C/L", "× C/L", "W ms", "C/W", "× C/W", "N = λW",
                "W p99", "× client", "cpu ms/judgment");
        for (Point point : points) {
            SampleStats client = null;
            for (Setup setup : Setup.values()) {
                List<Run> ok = runs.stream().filter(r -> r.round() > 0 && r.setup() == setup
                        && r.point().equals(point) && r.valid()).toList();
                if (ok.isEmpty()) {
                    System.out.printf(Locale.ROOT, "%-4d %-5d %-6s %6d %4d   (no valid run)%n", point.capacity(),
                            point.latencyMillis(), setup.slug, point.traces(), 0);
                    continue;
                }
                SampleStats rate = SampleStats.of(ok.stream().mapToDouble(Run::perSecond).toArray());
                SampleStats latency = SampleStats.of(ok.stream().mapToDouble(Run::meanLatencyMillis).toArray());
                SampleStats observedLimit = SampleStats.of(ok.stream()
                        .mapToDouble(r -> point.capacity() * 1000.0 / r.meanLatencyMillis()).toArray());
                SampleStats observedRatio = SampleStats.of(ok.stream()
                        .mapToDouble(r -> r.callsInFlight() / point.capacity()).toArray());
                SampleStats inFlight = SampleStats.of(ok.stream().mapToDouble(Run::callsInFlight).toArray());
                SampleStats p99 = SampleStats.of(ok.stream().mapToDouble(Run::p99LatencyMillis).toArray());
                Map<String, Double> cpu = new LinkedHashMap<>();
                for (Run r : ok) {
                    r.cpuMillisPerJudgment().forEach((kind, ms) -> cpu.merge(kind, ms / ok.size(), Double::sum));
                }
                String ratio = Double.isInfinite(point.limit()) ? "—" : String.format(Locale.ROOT, "%.3f ± %.3f",
                        rate.mean() / point.limit(), rate.sd() / point.limit());
                String toClient = "";
                if (setup == Setup.CLIENT) {
                    client = rate;
                } else if (client != null) {
                    toClient = String.format(Locale.ROOT, "%.3f", rate.mean() / client.mean());
                }
                // An instant judge's calls mostly last under the whole millisecond latency_ms resolves.
                boolean resolved = point.latencyMillis() > 0;
                System.out.printf(Locale.ROOT, "%-4d %-5d %-6s %6d %4d %9.1f ± %-6.1f %6s %15s %6.1f ± %-6.1f %7s "
                                + "%15s %13s %6.0f %9s  %s%n",
                        point.capacity(), point.latencyMillis(), setup.slug, point.traces(), ok.size(), rate.mean(),
                        rate.sd(), limitText(point.limit()), ratio, latency.mean(), latency.sd(),
                        resolved ? String.format(Locale.ROOT, "%.1f", observedLimit.mean()) : "—",
                        resolved ? String.format(Locale.ROOT, "%.3f ± %.3f", observedRatio.mean(), observedRatio.sd())
                                : "—",
                        resolved ? String.format(Locale.ROOT, "%.2f ± %.2f", inFlight.mean(), inFlight.sd()) : "—",
                        p99.mean(), toClient, cpuText(cpu));
            }
        }
        if (!allValid) {
            System.out.println();
            System.out.println("Some runs failed their check and are left out of the figures above:");
            runs.stream().filter(r -> !r.valid()).forEach(r -> System.out.printf(Locale.ROOT, "  round %d %s %s: %s%n",
                    r.round(), r.setup().slug, r.point().label(), r.check()));
        }
        return allValid;
    }

    private static String limitText(double limit) {
        return Double.isInfinite(limit) ? "—" : String.format(Locale.ROOT, "%.0f", limit);
    }

    private static String ratioText(double ratio) {
        return Double.isNaN(ratio) || ratio == 0 ? "—" : String.format(Locale.ROOT, "%.3f", ratio);
    }

    private static String cpuText(Map<String, Double> cpu) {
        if (cpu.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        for (ThreadKind kind : ThreadKind.values()) {
            Double ms = cpu.get(kind.slug);
            text.append(text.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.2f", ms == null ? 0 : ms));
            if (kind == ThreadKind.SIMULATOR) {
                Double busiest = cpu.get(ThreadCpu.BUSIEST_EVENT_LOOP);
                text.append(String.format(Locale.ROOT, "(%.2f)", busiest == null ? 0 : busiest));
            }
        }
        return text.toString();
    }


    // ---------------------------------------------------------------- CPU by thread

    /** Who a thread works for, by its name. */
    enum ThreadKind {
        SIMULATOR("simulator"),
        JUDGE_CALLS("judge-calls"),
        HTTP_CLIENT("http-client"),
        FLINK_TASKS("flink-tasks"),
        REST("rest");

        final String slug;

        ThreadKind(String slug) {
            this.slug = slug;
        }

        static ThreadKind of(String threadName) {
            if (threadName.startsWith("vert.x-eventloop-thread")) {
                return SIMULATOR;
            }
            if (threadName.startsWith("judge-call")) {
                return JUDGE_CALLS;
            }
            if (threadName.startsWith("HttpClient-")) {
                return HTTP_CLIENT;
            }
            // Flink names a task's thread after its chain of operators and its subtask, "... (1/1)#0".
            if (threadName.matches(".*\\(\\d+/\\d+\\)#\\d+$")) {
                return FLINK_TASKS;
            }
            return REST;
        }
    }

    /**
     * CPU time of every thread alive at some sample while it runs, summed by {@link ThreadKind}. A
     * thread's figure is its last sample less its first (zero for one born after the start).
     */
    private static final class ThreadCpu implements Runnable {
        static final String BUSIEST_EVENT_LOOP = "simulator-busiest";
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

        private final Map<Long, long[]> firstAndLast = new HashMap<>();
        private final Map<Long, String> names = new HashMap<>();
        private final Thread sampler = new Thread(this, "bench-cpu-sampler");
        private volatile boolean running = true;

        static ThreadCpu start() {
            if (!THREADS.isThreadCpuTimeEnabled()) {
                THREADS.setThreadCpuTimeEnabled(true);
            }
            ThreadCpu cpu = new ThreadCpu();
            cpu.sample(true);
            cpu.sampler.setDaemon(true);
            cpu.sampler.start();
            return cpu;
        }

        @Override
        public void run() {
            while (running) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
                sample(false);
            }
        }

        private synchronized void sample(boolean atStart) {
            long[] ids = THREADS.getAllThreadIds();
            ThreadInfo[] infos = THREADS.getThreadInfo(ids);
            for (int i = 0; i < ids.length; i++) {
                long nanos = THREADS.getThreadCpuTime(ids[i]);
                if (nanos < 0 || infos[i] == null) {
                    continue;
                }
                long[] held = firstAndLast.get(ids[i]);
                if (held == null) {
                    firstAndLast.put(ids[i], new long[] {atStart ? nanos : 0, nanos});
                    names.put(ids[i], infos[i].getThreadName());
                } else {
                    held[1] = nanos;
                }
            }
        }

        Map<String, Long> stop() throws InterruptedException {
            running = false;
            sampler.interrupt();
            sampler.join();
            sample(false);
            Map<String, Long> byKind = new LinkedHashMap<>();
            long busiest = 0;
            synchronized (this) {
                for (Map.Entry<Long, long[]> entry : firstAndLast.entrySet()) {
                    long used = entry.getValue()[1] - entry.getValue()[0];
                    ThreadKind kind = ThreadKind.of(names.get(entry.getKey()));
                    byKind.merge(kind.slug, used, Long::sum);
                    if (kind == ThreadKind.SIMULATOR) {
                        busiest = Math.max(busiest, used);
                    }
                }
            }
            byKind.put(BUSIEST_EVENT_LOOP, busiest);
            return byKind;
        }
    }
}

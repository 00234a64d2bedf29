package io.sluice.launcher.demo;

import io.sluice.broker.TopicReader;
import io.sluice.core.analysis.ExperimentReadout;
import io.sluice.core.config.JobSettings;
import io.sluice.core.config.KafkaSettings;
import io.sluice.core.config.SluiceConfig;
import io.sluice.core.assignment.RequestSampling;
import io.sluice.core.event.Alert;
import io.sluice.core.event.Calibration;
import io.sluice.core.event.DeadLetter;
import io.sluice.core.event.Exposure;
import io.sluice.core.event.JudgeScore;
import io.sluice.core.event.Label;
import io.sluice.core.event.Outcome;
import io.sluice.core.event.PolicyType;
import io.sluice.core.event.Reward;
import io.sluice.core.event.Trace;
import io.sluice.core.experiment.ExperimentSpec;
import io.sluice.core.json.HumanDuration;
import io.sluice.core.topic.Topic;
import io.sluice.launcher.ConfigSource;
import io.sluice.launcher.DurationConverter;
import io.sluice.launcher.runtime.SluiceRuntime;
import io.sluice.simulator.annotators.AnnotatorConfig;
import io.sluice.simulator.annotators.AnnotatorPopulation;
import io.sluice.simulator.users.PopulationConfig;
import io.sluice.simulator.users.PopulationSnapshot;
import io.sluice.simulator.users.UserPopulation;
import io.sluice.simulator.world.Presets;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.ArrayList;
import io.sluice.core.event.Control;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        versionProvider = io.sluice.launcher.BuildVersion.class,
        description = {
            "Runs everything on this machine with simulated users, then reports the results.",
            "It starts a Kafka broker (KRaft), the Flink jobs, the router, a simulated upstream and a population "
                    + "of simulated users on the sample experiment, then reports each arm's results read back from Kafka."
        })
public final class DemoCommand implements Callable<Integer> {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    io.sluice.launcher.LogLevelOption logLevel;

    @Option(names = "--duration", defaultValue = "2m", converter = DurationConverter.class,
            description = "How long the simulated users send traffic (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--users", defaultValue = "20",
            description = "How many simulated users talk to the router at once (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--config",
            description = "A Sluice configuration file (default: the bundled examples/bandit.yaml).")
    Path config;

    @Option(names = "--experiment", description = "Which experiment of the configuration to run (default: the first).")
    String experiment;

    @Option(names = "--world", description = "The simulated upstream's preset: three-arms or support-bot "
            + "(default: three-arms for the bundled example, support-bot for a --config).")
    String world;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of the simulated users (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--streaming-fraction", defaultValue = "0.3",
            description = "Share of requests that stream (default: ${DEFAULT-VALUE}).")
    double streamingFraction;

    @Option(names = "--judge-drift-at", converter = DurationConverter.class,
            description = "Make the simulated judge start to over-score this long into the run, e.g. 60s "
                    + "(the experiment must have its judge enabled).")
    Duration judgeDriftAt;

    @Option(names = "--judge-drift-offset", defaultValue = "1.0",
            description = "How many scale points the drifting judge over-scores by (default: ${DEFAULT-VALUE}).")
    double judgeDriftOffset;

    @Option(names = "--degrade", paramLabel = "ARM:latency=DURATION[,errors=RATE]@AT",
            description = "Make an arm's simulated model slow or failing from AT into the run, e.g. "
                    + "large:latency=4s@60s or medium:errors=0.3@30s; the experiment's guardrails should catch it. "
                    + "Repeatable.")
    List<String> degrade = new ArrayList<>();

    @Option(names = "--data-dir",
            description = "Keep the broker's data and the checkpoints here (default: a temporary directory, deleted).")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (users < 1) {
            throw new IllegalArgumentException("--users must be at least 1");
        }
        if (!(streamingFraction >= 0 && streamingFraction <= 1)) {
            throw new IllegalArgumentException("--streaming-fraction must be in [0, 1]");
        }
        SluiceConfig loaded = ConfigSource.load(config);
        ExperimentSpec chosen = chooseExperiment(loaded);
        if (judgeDriftAt != null && !chosen.judge().enabled()) {
            throw new IllegalArgumentException("--judge-drift-at: experiment '" + chosen.name()
                    + "' has no judge enabled (judge.enabled: true)");
        }
        if (judgeDriftAt != null && judgeDriftAt.compareTo(duration) >= 0) {
            throw new IllegalArgumentException("--judge-drift-at: " + HumanDuration.format(judgeDriftAt)
                    + " is not within the run's --duration of " + HumanDuration.format(duration));
        }
        List<ArmDegradation> degradations = new ArrayList<>();
        for (String value : degrade) {
            ArmDegradation degradation = ArmDegradation.parse(value);
            degradation.armOf(chosen);
            if (degradation.at().compareTo(duration) >= 0) {
                throw new IllegalArgumentException("--degrade '" + value + "': " + HumanDuration.format(degradation.at())
                        + " is not within the run's --duration of " + HumanDuration.format(duration));
            }
            degradations.add(degradation);
        }
        String worldName = ConfigSource.world(world, config);
        Presets.named(worldName);
        boolean temporary = dataDir == null;
        Path data = temporary ? Files.createTempDirectory("sluice-demo-") : dataDir;
        SluiceConfig demoConfig = forThisMachine(loaded, data);
        out.printf("sluice demo: experiment '%s' (%s, policy %s), %d users for %s, simulated world '%s'%n",
                chosen.name(), String.join(" vs ", chosen.armNames()), chosen.policy().type().wireName(), users,
                HumanDuration.format(duration), worldName);
        try (SluiceRuntime runtime = SluiceRuntime.builder(demoConfig).simulatedUpstream(Presets.named(worldName))
                .start(out)) {
            String routerUrl = "http://127.0.0.1:" + runtime.router().port();
            out.printf("router %s/v1 - point any OpenAI SDK here with model \"%s\"%n%n", routerUrl, chosen.name());
            out.flush();
            ProgressLine progress = new ProgressLine(chosen, runtime.router());
            Instant trafficStart = Instant.now();
            if (judgeDriftAt != null) {
                runtime.simulatedUpstream().orElseThrow().judgeDrift(chosen.judge().model())
                        .startAfter(judgeDriftAt, judgeDriftOffset);
                out.printf("the simulated judge will start to over-score by %+.1f point at %s%n%n", judgeDriftOffset,
                        HumanDuration.format(judgeDriftAt));
            }
            for (ArmDegradation degradation : degradations) {
                runtime.simulatedUpstream().orElseThrow().degradation(degradation.armOf(chosen).model())
                        .startAfter(degradation.at(), degradation.latency(), degradation.errorRate());
                out.printf("arm %s's model (%s) will %s from %s on%n", degradation.arm(),
                        degradation.armOf(chosen).model(), degradation.describe(), HumanDuration.format(degradation.at()));
            }
            if (!degradations.isEmpty()) {
                out.println();
            }
            GuardrailWatch watch = new GuardrailWatch(chosen, runtime.router(), trafficStart);
            PopulationSnapshot last = drive(out, routerUrl, chosen, progress, watch);
            out.printf("%nsettling the open attribution windows and stopping ...%n");
            out.flush();
            BanditReport.Freshness freshness = BanditReport.Freshness.of(runtime.router().posteriorFreshness());
            Map<String, Long> requests = routedRequests(runtime, chosen);
            // The router first, so that every exposure it owes is on the topic before the jobs drain.
            runtime.stopRouter();
            runtime.learningPath().ifPresent(path -> path.drain());
            List<Exposure> exposures = TopicReader.readAll(runtime.bootstrapServers(),
                    runtime.topics().of(Topic.EXPOSURES), Exposure.class, READ_TIMEOUT).values().stream()
                    .filter(e -> e.experiment().equals(chosen.name())).toList();
            List<Reward> rewards = TopicReader.readAll(runtime.bootstrapServers(),
                    runtime.topics().of(Topic.REWARDS), Reward.class, READ_TIMEOUT).values();
            List<Outcome> outcomes = TopicReader.readAll(runtime.bootstrapServers(),
                    runtime.topics().of(Topic.OUTCOMES), Outcome.class, READ_TIMEOUT).values().stream()
                    .filter(o -> o.experiment().equals(chosen.name())).toList();
            out.printf("%n%s: %d exposures, %d feedback signals, %d outcomes settled by the learning path%n",
                    chosen.name(), exposures.size(), rewards.size(), outcomes.size());
            List<DeadLetter> deadLetters = TopicReader.readAll(runtime.bootstrapServers(),
                    runtime.topics().of(Topic.DEAD_LETTERS), DeadLetter.class, READ_TIMEOUT).values();
            out.print(UnmatchedReport.render(deadLetters));
            out.println();
            if (chosen.judge().enabled()) {
                long inJudgeSample = TopicReader.readAll(runtime.bootstrapServers(),
                        runtime.topics().of(Topic.TRACES), Trace.class, READ_TIMEOUT).values().stream()
                        .filter(t -> t.experiment().equals(chosen.name())
                                && RequestSampling.judged(chosen, t.requestId()))
                        .count();
                out.print(JudgeReport.render(chosen, trafficStart,
                        Optional.ofNullable(judgeDriftAt).map(trafficStart::plus), judgeDriftOffset, inJudgeSample,
                        TopicReader.readAll(runtime.bootstrapServers(), runtime.topics().of(Topic.JUDGE_SCORES),
                                JudgeScore.class, READ_TIMEOUT).values(),
                        TopicReader.readAll(runtime.bootstrapServers(), runtime.topics().of(Topic.LABELS),
                                Label.class, READ_TIMEOUT).values(),
                        TopicReader.readAll(runtime.bootstrapServers(), runtime.topics().of(Topic.CALIBRATION),
                                Calibration.class, READ_TIMEOUT).values(),
                        TopicReader.readAll(runtime.bootstrapServers(), runtime.topics().of(Topic.ALERTS),
                                Alert.class, READ_TIMEOUT).values()));
                out.println();
            }
            if (!chosen.guardrails().isEmpty()) {
                out.print(GuardrailReport.render(chosen, trafficStart,
                        TopicReader.readAll(runtime.bootstrapServers(), runtime.topics().of(Topic.ALERTS),
                                Alert.class, READ_TIMEOUT).values(),
                        TopicReader.readAll(runtime.bootstrapServers(), runtime.topics().of(Topic.CONTROLS),
                                Control.class, READ_TIMEOUT).values(),
                        exposures));
                out.println();
            }
            if (chosen.policy().type() == PolicyType.THOMPSON) {
                out.print(BanditReport.render(chosen, exposures, outcomes, requests, progress.finalPolicy(),
                        freshness, demoConfig.jobs().outOfOrderness()));
            } else {
                out.print(ReadoutTable.render(ExperimentReadout.of(chosen, exposures, rewards, 0.95), requests));
            }
            out.println("Ground truth of the simulated upstream (mean quality of the answers users saw): "
                    + last.meanQualityByArm().entrySet().stream().sorted(Map.Entry.comparingByKey())
                            .map(e -> String.format(Locale.ROOT, "%s %.3f", e.getKey(), e.getValue()))
                            .collect(Collectors.joining(", ")));
            out.flush();
        } finally {
            if (temporary) {
                deleteRecursively(data);
            }
        }
        return 0;
    }

    private ExperimentSpec chooseExperiment(SluiceConfig loaded) {
        if (loaded.experiments().isEmpty()) {
            throw new IllegalArgumentException("the configuration has no experiments to run");
        }
        if (experiment == null) {
            return loaded.experiments().get(0);
        }
        return loaded.experiment(experiment).orElseThrow(() -> new IllegalArgumentException(
                "--experiment: no experiment named '" + experiment + "' in the configuration (it has "
                        + loaded.experiments().stream().map(ExperimentSpec::name).collect(Collectors.joining(", "))
                        + ")"));
    }

    /** The demo runs everything embedded on free ports, whatever the file says about deployment. */
    private static SluiceConfig forThisMachine(SluiceConfig loaded, Path data) {
        KafkaSettings k = loaded.kafka();
        JobSettings j = loaded.jobs();
        return loaded
                .withRouter(loaded.router().withAddress("127.0.0.1", 0).withInstanceId("demo"))
                .withKafka(new KafkaSettings(null, k.topicPrefix(), k.partitions(), null, data.resolve("kafka"), 0))
                .withJobs(j.withEmbedded(true).withCheckpointDir(data.resolve("checkpoints")));
    }

    private PopulationSnapshot drive(PrintWriter out, String routerUrl, ExperimentSpec chosen, ProgressLine progress,
            GuardrailWatch watch) throws InterruptedException {
        PopulationConfig population = PopulationConfig.builder()
                .routerUrl(routerUrl)
                .experiment(chosen.name())
                .users(users)
                .seed(seed)
                .streamingFraction(streamingFraction)
                .build();
        long started = System.nanoTime();
        long end = started + duration.toNanos();
        AnnotatorPopulation annotators = chosen.judge().enabled() ? AnnotatorPopulation.start(
                AnnotatorConfig.builder().routerUrl(routerUrl).seed(seed)
                        .scaleMin(chosen.judge().rubric().scale().min())
                        .scaleMax(chosen.judge().rubric().scale().max()).build(),
                requestId -> RequestSampling.judged(chosen, requestId)) : null;
        try (UserPopulation running = new UserPopulation(population)) {
            if (annotators != null) {
                running.onAnswer(answer -> annotators.offer(answer.requestId(), answer.content()));
                progress.annotators(annotators);
            }
            running.start();
            long next = started;
            while (true) {
                next += 1_000_000_000L;
                long sleep = Math.min(next, end) - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                }
                long now = System.nanoTime();
                out.println(progress.render(Duration.ofNanos(now - started), running.snapshot()));
                watch.news().forEach(out::println);
                out.flush();
                if (now >= end) {
                    break;
                }
            }
            running.stop();
            return running.snapshot();
        } finally {
            if (annotators != null) {
                annotators.stop();
            }
        }
    }

    private static Map<String, Long> routedRequests(SluiceRuntime runtime, ExperimentSpec chosen) {
        return runtime.router().meterRegistry().find("sluice.router.requests").tag("experiment", chosen.name())
                .counters().stream()
                .collect(Collectors.groupingBy(c -> c.getId().getTag("arm"),
                        Collectors.summingLong(c -> (long) c.count())));
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

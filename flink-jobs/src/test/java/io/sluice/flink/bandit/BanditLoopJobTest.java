package io.sluice.flink.bandit;

import io.sluice.flink.serde.TopicSource;
import io.sluice.flink.job.JobEnvironment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sluice.broker.EmbeddedKafka;
import io.sluice.broker.EmbeddedKafkaConfig;
import io.sluice.broker.TopicLayout;
import io.sluice.broker.TopicProvisioner;
import io.sluice.broker.TopicReader;
import io.sluice.core.event.DeadLetter;
import io.sluice.core.event.Exposure;
import io.sluice.core.event.Outcome;
import io.sluice.core.event.PosteriorSnapshot;
import io.sluice.core.event.Reward;
import io.sluice.core.event.Signal;
import io.sluice.core.experiment.BetaPrior;
import io.sluice.core.experiment.ExperimentSpec;
import io.sluice.core.experiment.ExperimentSpecReader;
import io.sluice.core.json.SluiceJson;
import io.sluice.core.reward.RewardSettlement;
import io.sluice.core.topic.Topic;
import io.sluice.core.topic.TopicNames;
import io.sluice.flink.LoopFixtures;
import io.sluice.flink.serde.LoopInput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job on a Flink MiniCluster against a real broker: traffic is written to the topics as
 * the router would, the job reads them to their end, and what it wrote is checked against an
 * independent recomputation from the input topics.
 */
class BanditLoopJobTest extends LoopFixtures {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int PARTITIONS = 2;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(PARTITIONS)
            .build());

    @TempDir
    static Path directory;

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = new EmbeddedKafka(EmbeddedKafkaConfig.inDirectory(directory.resolve("kafka"))).start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void thePosteriorsOnTheTopicEqualARecomputationFromTheInputTopics() throws Exception {
        TopicNames topics = provision("e2e.");
        LoopWorkload workload = LoopWorkload.generate(7, 400, T0);
        publish(topics, workload);
        BanditLoopSettings settings = settings(topics, "e2e-loop");

        run(BanditLoopJob.fromKafka(settings), noRestarts(directory.resolve("e2e-checkpoints")));

        assertThat(workload.rewardsBeforeTheirExposure).isPositive();
        assertThat(workload.repeatedRewards).isPositive();
        assertThat(workload.rewardsAfterSettlement).isPositive();
        assertThat(workload.outOfExperiment).isPositive();
        assertThat(workload.neverIssued).isNotEmpty();
        assertAgreesWithRecomputation(topics);
    }

    @Test
    void aFailureAfterACheckpointNeitherLosesNorDoubleCountsAnything() throws Exception {
        TopicNames topics = provision("eos.");
        // Many rewards for ids never issued, given up after a short TTL: their dead letters are
        // written throughout the stream, also between the last checkpoint and the fault.
        LoopWorkload workload = LoopWorkload.generate(11, 400, T0, 0.25);
        publish(topics, workload);
        BanditLoopSettings defaults = settings(topics, "eos-loop");
        BanditLoopSettings settings = defaults.withWaits(Duration.ofSeconds(10), defaults.settledRetention(),
                defaults.specWait());
        FaultInjectingSource.reset();
        BanditLoopJob job = new BanditLoopJob(
                new FaultInjectingSource<>(
                        TopicSource.kafka(settings, Topic.EXPOSURES, LoopInput.EXPOSURES), 150, 4),
                new FaultInjectingSource<>(
                        TopicSource.kafka(settings, Topic.REWARDS, LoopInput.REWARDS), 150, 4),
                TopicSource.kafka(settings, Topic.EXPERIMENTS, LoopInput.EXPERIMENTS),
                BanditLoopJob.outcomesSink(settings),
                BanditLoopJob.posteriorsSink(settings),
                BanditLoopJob.deadLettersSink(settings),
                settings);
        Configuration conf = JobEnvironment.embeddedConfiguration(directory.resolve("eos-checkpoints"),
                Duration.ofMillis(150));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));

        run(job, conf);

        assertThat(FaultInjectingSource.FAULTS).hasValue(1);
        assertThat(FaultInjectingSource.CHECKPOINT_BEFORE_FAULT.get()).isPositive();
        // Mid-stream: much of the input was still to come (about 40% of all reads came before it).
        assertThat(FaultInjectingSource.POLLS_AT_FAULT.get()).isLessThan(FaultInjectingSource.POLLS.get() * 2 / 3);
        assertThat(workload.neverIssued).hasSizeGreaterThan(50);
        assertAgreesWithRecomputation(topics);
    }

    @Test
    void badRecordsGoToTheDeadLetterTopicWithTheirReasonWhileGoodOnesFlowOn() throws Exception {
        TopicNames topics = provision("dlq.");
        publishSpecs(topics);
        byte[] malformed = "{\"request_id\": \"r-bad\", oops".getBytes(StandardCharsets.UTF_8);
        byte[] unknownVersion = SluiceJson.toJson(exposure("r-v9", "checkout", "a", T0))
                .replace("\"schema_version\":1", "\"schema_version\":9").getBytes(StandardCharsets.UTF_8);
        byte[] noRequestId = SluiceJson.toJson(reward("r-x", Signal.THUMBS_UP, seconds(1)))
                .replace("\"request_id\":\"r-x\",", "").getBytes(StandardCharsets.UTF_8);
        byte[] plainText = "thumbs up!".getBytes(StandardCharsets.UTF_8);
        byte[] beforeTime = SluiceJson.toJson(reward("r-ancient", Signal.THUMBS_UP, seconds(1)))
                .replace("\"occurred_at\":\"" + seconds(1) + "\"", "\"occurred_at\":\"-999999999-01-01T00:00:00Z\"")
                .getBytes(StandardCharsets.UTF_8);
        Reward neverIssued = reward("r-orphan", Signal.THUMBS_UP, seconds(2));
        try (KafkaProducer<String, byte[]> producer = producer()) {
            send(producer, topics.of(Topic.EXPOSURES), "r-bad", malformed);
            send(producer, topics.of(Topic.EXPOSURES), "r-v9", unknownVersion);
            send(producer, topics.of(Topic.REWARDS), "r-x", noRequestId);
            send(producer, topics.of(Topic.REWARDS), "r-y", plainText);
            send(producer, topics.of(Topic.REWARDS), "r-ancient", beforeTime);
            send(producer, topics.of(Topic.REWARDS), "r-orphan", SluiceJson.toBytes(neverIssued));
            for (int i = 0; i < 3; i++) {
                Exposure good = exposure("r" + i, "checkout", "a", seconds(i));
                send(producer, topics.of(Topic.EXPOSURES), good.requestId(), SluiceJson.toBytes(good));
                Reward thumbsUp = reward(good.requestId(), Signal.THUMBS_UP, seconds(i + 2));
                send(producer, topics.of(Topic.REWARDS), good.requestId(), SluiceJson.toBytes(thumbsUp));
            }
            producer.flush();
        }

        run(BanditLoopJob.fromKafka(settings(topics, "dlq-loop")), noRestarts(directory.resolve("dlq-checkpoints")));

        Map<String, TopicReader.Keyed<DeadLetter>> byKey = read(topics, Topic.DEAD_LETTERS, DeadLetter.class).records()
                .stream().collect(Collectors.toMap(k -> k.value().key(), Function.identity()));
        assertThat(byKey).containsOnlyKeys("r-bad", "r-v9", "r-x", "r-y", "r-ancient", "r-orphan", "broken");
        assertThat(byKey.get("r-ancient").value().reason()).as("a time no watermark can hold").contains(
                "occurred_at: must be between");
        assertThat(byKey.get("r-ancient").value().cause()).isEqualTo(io.sluice.core.event.DeadLetterCause.UNREADABLE);
        assertThat(byKey.get("r-orphan").value().cause()).isEqualTo(io.sluice.core.event.DeadLetterCause.UNMATCHED_REWARD);
        assertThat(byKey.get("r-orphan").value().reason()).contains("no exposure with request_id r-orphan arrived within the orphan TTL (1h)");
        assertThat(SluiceJson.fromBytes(byKey.get("r-orphan").value().original(), Reward.class)).isEqualTo(neverIssued);
        assertThat(byKey.get("r-bad").key()).isEqualTo(topics.of(Topic.EXPOSURES));
        assertThat(byKey.get("r-bad").value().original()).isEqualTo(malformed);
        assertThat(byKey.get("r-bad").value().reason()).startsWith("unreadable exposure");
        assertThat(byKey.get("r-v9").value().reason()).contains("unsupported schema_version 9");
        assertThat(byKey.get("r-v9").value().original()).isEqualTo(unknownVersion);
        assertThat(byKey.get("r-x").key()).isEqualTo(topics.of(Topic.REWARDS));
        assertThat(byKey.get("r-x").value().reason()).contains("request_id: required");
        assertThat(byKey.get("r-x").value().original()).isEqualTo(noRequestId);
        assertThat(byKey.get("r-y").value().original()).isEqualTo(plainText);
        assertThat(byKey.get("broken").key()).isEqualTo(topics.of(Topic.EXPERIMENTS));
        assertThat(byKey.get("broken").value().reason()).startsWith("invalid experiment spec").contains("arms");
        assertThat(byKey.values()).allSatisfy(d -> assertThat(d.value().consumer()).isEqualTo("dlq-loop"));

        assertThat(read(topics, Topic.OUTCOMES, Outcome.class).values())
                .extracting(Outcome::requestId, Outcome::reward)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("r0", 1.0),
                        org.assertj.core.groups.Tuple.tuple("r1", 1.0),
                        org.assertj.core.groups.Tuple.tuple("r2", 1.0));
    }

    /**
     * Every exposure has exactly one outcome with the reward the settlement rules give its
     * in-window rewards, and every arm's newest posterior holds the sums of its in-experiment
     * outcomes. Recomputed here from what the input topics hold, with nothing of the job's.
     */
    private static void assertAgreesWithRecomputation(TopicNames topics) {
        Map<String, ExperimentSpec> specs = new HashMap<>();
        LoopWorkload.REWARDS.forEach((name, reward) -> specs.put(name, readSpec(name, reward)));
        List<Exposure> exposures = read(topics, Topic.EXPOSURES, Exposure.class).values();
        Map<String, List<Reward>> rewardsByRequest = read(topics, Topic.REWARDS, Reward.class).values().stream()
                .collect(Collectors.groupingBy(Reward::requestId));

        Map<String, Double> expectedReward = new HashMap<>();
        Map<String, double[]> expectedArms = new LinkedHashMap<>(); // alpha, beta, outcomes
        for (Exposure exposure : exposures) {
            ExperimentSpec spec = specs.get(exposure.experiment());
            // An app's retry is the same report: one per signal, value and moment.
            List<Reward> reports = rewardsByRequest.getOrDefault(exposure.requestId(), List.of()).stream()
                    .collect(Collectors.toMap(r -> r.signal() + "|" + r.value() + "|" + r.occurredAt(),
                            Function.identity(), (first, again) -> first, LinkedHashMap::new))
                    .values().stream().toList();
            double reward = new RewardSettlement(spec.reward()).settle(exposure.decidedAt(), reports).value();
            expectedReward.put(exposure.requestId(), reward);
            if (exposure.inExperiment()) {
                BetaPrior prior = spec.policy().betaPrior();
                double[] arm = expectedArms.computeIfAbsent(exposure.experiment() + "/" + exposure.arm(),
                        key -> new double[] {prior.alpha(), prior.beta(), 0});
                arm[0] += reward;
                arm[1] += 1 - reward;
                arm[2] += 1;
            }
        }

        // A reward naming no exposure is one dead letter, with its cause, however often a recovery
        // replayed the timer that gave it up.
        java.util.Set<String> issued = exposures.stream().map(Exposure::requestId).collect(Collectors.toSet());
        List<String> expectedUnmatched = rewardsByRequest.entrySet().stream()
                .filter(e -> !issued.contains(e.getKey()))
                .flatMap(e -> e.getValue().stream().map(r -> r.requestId() + "|" + r.signal() + "|" + r.occurredAt())
                        .distinct())
                .toList();
        List<String> unmatched = read(topics, Topic.DEAD_LETTERS, DeadLetter.class).values().stream()
                .filter(d -> d.cause() == io.sluice.core.event.DeadLetterCause.UNMATCHED_REWARD)
                .map(d -> {
                    Reward r = decode(d.original(), Reward.class);
                    return r.requestId() + "|" + r.signal() + "|" + r.occurredAt();
                })
                .toList();
        assertThat(unmatched).as("unmatched rewards given up, each once").containsExactlyInAnyOrderElementsOf(
                expectedUnmatched);

        List<Outcome> outcomes = read(topics, Topic.OUTCOMES, Outcome.class).values();
        Map<String, Long> outcomesPerRequest =
                outcomes.stream().collect(Collectors.groupingBy(Outcome::requestId, Collectors.counting()));
        assertThat(outcomesPerRequest.keySet()).containsExactlyInAnyOrderElementsOf(expectedReward.keySet());
        assertThat(outcomesPerRequest).allSatisfy((request, count) ->
                assertThat(count).as("outcomes of " + request).isEqualTo(1L));
        assertThat(outcomes).allSatisfy(o -> assertThat(o.reward())
                .as(o.requestId()).isCloseTo(expectedReward.get(o.requestId()), within(1e-12)));

        // The newest version of each key; a replay may have repeated a version, the later write wins.
        Map<String, PosteriorSnapshot> newest = new HashMap<>();
        for (PosteriorSnapshot snapshot : read(topics, Topic.POSTERIORS, PosteriorSnapshot.class).values()) {
            newest.merge(snapshot.key(), snapshot, (held, next) -> next.version() >= held.version() ? next : held);
        }
        assertThat(newest.keySet()).containsExactlyInAnyOrderElementsOf(expectedArms.keySet());
        expectedArms.forEach((key, expected) -> {
            PosteriorSnapshot snapshot = newest.get(key);
            assertThat(snapshot.alpha()).as(key + " alpha").isCloseTo(expected[0], within(1e-9));
            assertThat(snapshot.beta()).as(key + " beta").isCloseTo(expected[1], within(1e-9));
            assertThat(snapshot.version()).as(key + " version").isEqualTo((long) expected[2]);
            assertThat(snapshot.observations()).as(key + " observations").isEqualTo((long) expected[2]);
        });
    }

    private static <T> T decode(byte[] json, Class<T> type) {
        try {
            return SluiceJson.fromBytes(json, type);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static ExperimentSpec readSpec(String name, String reward) {
        try {
            return ExperimentSpecReader.fromJson(SluiceJson.mapper().readTree(specJson(name, reward)), name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static BanditLoopSettings settings(TopicNames topics, String jobName) {
        return BanditLoopSettings.defaults(kafka.bootstrapServers(), topics)
                .withJobName(jobName)
                .withParallelism(PARTITIONS)
                .withBounded(true);
    }

    private static Configuration noRestarts(Path checkpoints) {
        Configuration conf = JobEnvironment.embeddedConfiguration(checkpoints, Duration.ofMillis(200));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return conf;
    }

    private static void run(BanditLoopJob job, Configuration conf) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        JobClient client = job.submit(env);
        client.getJobExecutionResult().get(2, TimeUnit.MINUTES);
    }

    private static TopicNames provision(String prefix) {
        TopicNames topics = new TopicNames(prefix);
        TopicProvisioner.provision(kafka.bootstrapServers(), topics, TopicLayout.of(PARTITIONS, (short) 1), TIMEOUT);
        return topics;
    }

    private static void publishSpecs(TopicNames topics) {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            LoopWorkload.REWARDS.forEach((name, reward) -> send(producer, topics.of(Topic.EXPERIMENTS), name,
                    specJson(name, reward).getBytes(StandardCharsets.UTF_8)));
            send(producer, topics.of(Topic.EXPERIMENTS), "broken", "{\"name\": \"broken\"}".getBytes(StandardCharsets.UTF_8));
            producer.flush();
        }
    }

    /** The specs first, then the traffic in the order it reaches Kafka, keyed by request id. */
    private static void publish(TopicNames topics, LoopWorkload workload) {
        publishSpecs(topics);
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (LoopWorkload.Arrival arrival : workload.arrivals) {
                if (arrival.exposure() != null) {
                    send(producer, topics.of(Topic.EXPOSURES), arrival.requestId(),
                            SluiceJson.toBytes(arrival.exposure()));
                } else {
                    send(producer, topics.of(Topic.REWARDS), arrival.requestId(), SluiceJson.toBytes(arrival.reward()));
                }
            }
            producer.flush();
        }
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value));
    }

    private static <T> TopicReader.Contents<T> read(TopicNames topics, Topic topic, Class<T> type) {
        TopicReader.Contents<T> contents = TopicReader.readAll(kafka.bootstrapServers(), topics.of(topic), type, TIMEOUT);
        assertThat(contents.undecodable()).as(topic + " undecodable").isEmpty();
        return contents;
    }
}

package io.sluice.flink.bandit;

import io.sluice.flink.job.RetainedCheckpoints;
import io.sluice.flink.job.JobEnvironment;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.broker.EmbeddedKafka;
import io.sluice.broker.EmbeddedKafkaConfig;
import io.sluice.broker.TopicLayout;
import io.sluice.broker.TopicProvisioner;
import io.sluice.broker.TopicReader;
import io.sluice.core.event.Exposure;
import io.sluice.core.event.Outcome;
import io.sluice.core.event.PosteriorSnapshot;
import io.sluice.core.event.Signal;
import io.sluice.core.json.SluiceJson;
import io.sluice.core.topic.Topic;
import io.sluice.core.topic.TopicNames;
import io.sluice.flink.LoopFixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job as the launcher runs it: unbounded, submitted from this JVM to a MiniCluster of its own
 * ({@code executeAsync} on a local environment), stopped and resumed from a savepoint.
 */
class EmbeddedRunTest extends LoopFixtures {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String WINDOW_30S = """
            {"signals": {"thumbs_up": 1, "thumbs_down": 0}, "attribution_window": "30s"}""";

    /**
     * Unlike the other tests', this story happens now: a quiet partition's watermark follows the
     * wall clock, as the router's clock stamps decisions.
     */
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @TempDir
    static Path directory;

    private static EmbeddedKafka kafka;
    private static TopicNames topics;

    @BeforeAll
    static void startBroker() {
        kafka = new EmbeddedKafka(EmbeddedKafkaConfig.inDirectory(directory.resolve("kafka"))).start();
        topics = new TopicNames("embedded.");
        TopicProvisioner.provision(kafka.bootstrapServers(), topics, TopicLayout.of(1, (short) 1), TIMEOUT);
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void outcomesFollowTheTrafficADrainingStopSettlesTheRestAndAResumedJobKeepsItsState() throws Exception {
        BanditLoopSettings settings = BanditLoopSettings.defaults(kafka.bootstrapServers(), topics)
                .withJobName("embedded-loop")
                .withEventTime(Duration.ofSeconds(5), Duration.ofSeconds(1));
        publish(Topic.EXPERIMENTS, CHECKOUT, specJson(CHECKOUT, WINDOW_30S).getBytes(StandardCharsets.UTF_8));
        publish(exposure("r1", CHECKOUT, "a", NOW.minusSeconds(60)));
        publish(Topic.REWARDS, "r1", SluiceJson.toBytes(reward("r1", Signal.THUMBS_UP, NOW.minusSeconds(55))));
        publish(exposure("r2", CHECKOUT, "a", NOW));

        JobClient first = BanditLoopJob.fromKafka(settings).submit(environment(null));

        await(() -> read(Topic.OUTCOMES, Outcome.class), list -> !list.isEmpty());
        assertThat(await(() -> read(Topic.POSTERIORS, PosteriorSnapshot.class), list -> !list.isEmpty()))
                .extracting(PosteriorSnapshot::version).containsExactly(1L);
        // Traffic has stopped; r2's window is still open and must stay so.
        Thread.sleep(2000);
        assertThat(read(Topic.OUTCOMES, Outcome.class)).extracting(Outcome::requestId).containsExactly("r1");

        // A stop that advances to the end of event time settles it, as the demo's end needs.
        String savepoint = first.stopWithSavepoint(true, directory.resolve("savepoints").toUri().toString(),
                SavepointFormatType.CANONICAL).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        // (The job's own MiniCluster shuts down with it: its client cannot be asked anything now.)
        assertThat(savepoint).isNotBlank();
        assertThat(read(Topic.OUTCOMES, Outcome.class)).extracting(Outcome::requestId).containsExactly("r1", "r2");

        publish(exposure("r3", CHECKOUT, "a", Instant.now().minusSeconds(60)));
        JobClient resumed = BanditLoopJob.fromKafka(settings).submit(environment(savepoint));
        try {
            // Arm a's third outcome: the posterior state came back with the savepoint. No later
            // traffic moves r3's window on; the quiet partitions' wall clock does.
            List<PosteriorSnapshot> snapshots = await(() -> read(Topic.POSTERIORS, PosteriorSnapshot.class),
                    list -> list.stream().anyMatch(s -> s.version() == 3));
            assertThat(snapshots).extracting(PosteriorSnapshot::version).containsExactly(1L, 2L, 3L);
            assertThat(await(() -> read(Topic.OUTCOMES, Outcome.class), list -> list.size() == 3))
                    .extracting(Outcome::requestId).containsExactly("r1", "r2", "r3");
        } finally {
            resumed.cancel().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        // A cancelled job leaves its last checkpoint behind to resume from.
        assertThat(RetainedCheckpoints.newest(directory.resolve("checkpoints")))
                .hasValueSatisfying(checkpoint -> assertThat(checkpoint.resolve("_metadata")).isRegularFile());
    }

    /** A local environment: {@code executeAsync} starts a MiniCluster for the job and stops it after. */
    private static StreamExecutionEnvironment environment(String savepoint) {
        Configuration conf = JobEnvironment.embeddedConfiguration(directory.resolve("checkpoints"),
                Duration.ofMillis(300));
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        return StreamExecutionEnvironment.getExecutionEnvironment(conf);
    }

    private static <T> T await(Supplier<T> read, java.util.function.Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        T value = read.get();
        while (!done.test(value)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + TIMEOUT + ": " + value);
            }
            Thread.sleep(200);
            value = read.get();
        }
        return value;
    }

    private static void publish(Exposure exposure) {
        publish(Topic.EXPOSURES, exposure.requestId(), SluiceJson.toBytes(exposure));
    }

    private static void publish(Topic topic, String key, byte[] value) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topics.of(topic), key, value));
        }
    }

    private static <T> List<T> read(Topic topic, Class<T> type) {
        return TopicReader.readAll(kafka.bootstrapServers(), topics.of(topic), type, TIMEOUT).values();
    }
}

package io.sluice.router.events;

import io.sluice.core.json.SluiceJson;
import io.sluice.core.topic.Topic;
import io.sluice.core.topic.TopicNames;
import io.sluice.router.metrics.RouterMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the router's events to Kafka: idempotent, acks from all in-sync replicas, keyed as the
 * topic table says. {@code send} can block while it fetches metadata or when its buffer is full,
 * so it runs on a thread of its own and never on an event loop; callers get a future completed
 * by the broker's acknowledgement.
 */
public final class EventLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);
    private static final Duration UNHEALTHY_AFTER_FAILURE = Duration.ofSeconds(30);

    private final KafkaProducer<String, byte[]> producer;
    private final ExecutorService sender;
    private final TopicNames topics;
    private final RouterMetrics metrics;
    private final Clock clock;
    private final AtomicReference<Instant> lastFailure = new AtomicReference<>(Instant.EPOCH);

    public EventLog(String bootstrapServers, String clientId, TopicNames topics, RouterMetrics metrics, Clock clock) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.sender = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sluice-event-log");
            t.setDaemon(true);
            return t;
        });
        this.topics = topics;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Completes when the broker has the event, or fails with Kafka's reason. */
    public CompletableFuture<Void> publish(Topic topic, String key, Object event) {
        byte[] value = SluiceJson.toBytes(event);
        CompletableFuture<Void> acked = new CompletableFuture<>();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topics.of(topic), key, value);
        try {
            sender.execute(() -> {
                try {
                    producer.send(record, (metadata, error) -> settle(topic, acked, error));
                } catch (RuntimeException e) {
                    settle(topic, acked, e);
                }
            });
        } catch (RuntimeException rejectedAfterClose) {
            settle(topic, acked, rejectedAfterClose);
        }
        return acked;
    }

    private void settle(Topic topic, CompletableFuture<Void> acked, Exception error) {
        if (error == null) {
            metrics.published(topic);
            acked.complete(null);
        } else {
            metrics.publishFailed(topic);
            lastFailure.set(clock.instant());
            LOG.warn("could not write to {}: {}", topics.of(topic), error.toString());
            acked.completeExceptionally(error);
        }
    }

    /** Fetches the topics' metadata up front, so the first requests do not wait for it. */
    public void warmUp(Duration timeout) {
        CompletableFuture<Void> warmed = CompletableFuture.runAsync(() -> {
            for (Topic topic : Topic.values()) {
                producer.partitionsFor(topics.of(topic));
            }
        }, sender);
        try {
            warmed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not answer within " + timeout + ": " + e.getMessage(), e);
        }
    }

    /** False for a while after Kafka refused or lost an event. */
    public boolean healthy() {
        return lastFailure.get().plus(UNHEALTHY_AFTER_FAILURE).isBefore(clock.instant());
    }

    @Override
    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
    }
}

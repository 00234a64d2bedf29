package io.sluice.router.events;

import io.sluice.core.topic.Topic;
import io.sluice.core.topic.TopicNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows compacted topics from their beginning, for as long as the router runs, handing every
 * record to the topic's handler on one thread of its own. A compacted topic read from the start
 * is the current state (latest value per key), so a restarted router rebuilds its view — specs,
 * posteriors, sticky assignments — before it serves, by waiting for {@link #awaitCaughtUp}.
 *
 * <p>It assigns itself every partition instead of joining a consumer group: every router needs
 * all of each topic, and no offsets are committed.
 */
public final class TopicFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, Consumer<ConsumerRecord<String, byte[]>>> handlers = new HashMap<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Runnable afterBatch;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param afterBatch runs after each batch of records has been handled, for work worth doing
     *     once per batch rather than once per record
     */
    public TopicFollower(String bootstrapServers, TopicNames names,
            Map<Topic, Consumer<ConsumerRecord<String, byte[]>>> byTopic, Runnable afterBatch) {
        this(bootstrapServers, names, byTopic, afterBatch, "sluice-topic-follower");
    }

    /** @param threadName names the following thread, to tell several followers apart */
    public TopicFollower(String bootstrapServers, TopicNames names,
            Map<Topic, Consumer<ConsumerRecord<String, byte[]>>> byTopic, Runnable afterBatch, String threadName) {
        this.afterBatch = afterBatch;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "sluice-router-follower-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        byTopic.forEach((topic, handler) -> handlers.put(names.of(topic), handler));
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : handlers.keySet()) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            while (running) {
                var records = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<String, byte[]> record : records) {
                    try {
                        handlers.get(record.topic()).accept(record);
                    } catch (RuntimeException e) {
                        // One bad record must not stop the router from following the rest.
                        LOG.warn("skipped {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                                e.getMessage());
                    }
                }
                if (!records.isEmpty()) {
                    afterBatch.run();
                }
                if (caughtUp.getCount() > 0
                        && end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.error("stopped following the router's topics", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Blocks until every record that existed when following began has been handled. */
    public void awaitCaughtUp(Duration timeout) {
        try {
            if (!caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("could not read the router's topics within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the router's topics", e);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

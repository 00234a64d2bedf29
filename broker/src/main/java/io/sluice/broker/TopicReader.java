package io.sluice.broker;

import io.sluice.core.json.SluiceJson;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from its beginning to the end it had when the read started, decoding each value
 * as one event type. Used where the records themselves are the answer: analyses, the demo's
 * summary, and tests that check what reached a topic. Transactional writers' aborted records are
 * never seen (read_committed).
 */
public final class TopicReader {
    private TopicReader() {}

    /** A record read back, with its key. */
    public record Keyed<T>(String key, T value, int partition, long offset) {}

    /** What a topic held; values that did not decode are kept with the reason. */
    public record Contents<T>(List<Keyed<T>> records, List<String> undecodable) {
        public List<T> values() {
            return records.stream().map(Keyed::value).toList();
        }
    }

    public static <T> Contents<T> readAll(String bootstrapServers, String topic, Class<T> type, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "sluice-topic-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<Keyed<T>> records = new ArrayList<>();
        List<String> undecodable = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reachedEnd(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) {
                        continue;
                    }
                    try {
                        records.add(new Keyed<>(record.key(), SluiceJson.fromBytes(record.value(), type),
                                record.partition(), record.offset()));
                    } catch (IOException e) {
                        undecodable.add(record.partition() + "@" + record.offset() + ": " + e.getMessage());
                    }
                }
            }
        }
        return new Contents<>(List.copyOf(records), List.copyOf(undecodable));
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }
}

package io.sluice.flink.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.core.json.SluiceJson;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes one event type to one topic in the project's wire format, keyed as the topic table says.
 *
 * <p>The record carries no timestamp, so the producer stamps the time of writing. Event time
 * would be the tempting choice, but the broker's time-based retention works on record timestamps,
 * and an outcome settled for an old decision would then expire early.
 */
public final class JsonRecordSerializer<T> implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final SerializableFunction<T, String> key;
    private transient ObjectMapper mapper;

    public JsonRecordSerializer(String topic, SerializableFunction<T, String> key) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.key = Objects.requireNonNull(key, "key");
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        mapper = SluiceJson.create();
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        if (mapper == null) {
            mapper = SluiceJson.create();
        }
        try {
            return new ProducerRecord<>(topic, null, null, key.apply(element).getBytes(StandardCharsets.UTF_8),
                    mapper.writeValueAsBytes(element));
        } catch (JsonProcessingException e) {
            // Our own events always serialize; failing here is a bug, not a bad record.
            throw new IllegalStateException("cannot serialize " + element.getClass().getSimpleName(), e);
        }
    }
}

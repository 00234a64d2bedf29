package io.sluice.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.event.Label;
import io.sluice.core.json.SluiceJson;
import io.sluice.core.topic.Topic;
import io.sluice.core.topic.TopicNames;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicReaderTest {
    @TempDir
    static Path dataDirectory;

    static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = new EmbeddedKafka(EmbeddedKafkaConfig.inDirectory(dataDirectory)).start();
        TopicProvisioner.provision(kafka.bootstrapServers(), new TopicNames("read."), TopicLayout.of(3, (short) 1),
                KafkaClients.TIMEOUT);
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void everyRecordUpToTheEndIsReadBackAndUndecodableOnesAreReported() throws Exception {
        String topic = new TopicNames("read.").of(Topic.LABELS);
        Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
        try (KafkaProducer<String, String> producer = KafkaClients.idempotentProducer(kafka)) {
            java.util.List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
            for (int i = 0; i < 50; i++) {
                Label label = new Label(1, "req-" + i, "ann", i % 5, t0);
                sent.add(producer.send(new ProducerRecord<>(topic, label.requestId(), SluiceJson.toJson(label))));
            }
            sent.add(producer.send(new ProducerRecord<>(topic, "req-bad", "{not json")));
            for (java.util.concurrent.Future<?> ack : sent) {
                ack.get(15, TimeUnit.SECONDS);
            }
        }

        TopicReader.Contents<Label> contents = TopicReader.readAll(kafka.bootstrapServers(), topic, Label.class,
                KafkaClients.TIMEOUT);

        assertThat(contents.values()).hasSize(50);
        assertThat(contents.records()).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().requestId()));
        assertThat(contents.undecodable()).hasSize(1);
    }

    @Test
    void anEmptyTopicReadsAsEmpty() {
        TopicReader.Contents<Label> contents = TopicReader.readAll(kafka.bootstrapServers(),
                new TopicNames("read.").of(Topic.ALERTS), Label.class, KafkaClients.TIMEOUT);

        assertThat(contents.records()).isEmpty();
        assertThat(contents.undecodable()).isEmpty();
    }
}

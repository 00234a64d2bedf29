package io.sluice.broker;

import static io.sluice.broker.KafkaClients.TIMEOUT;
import static io.sluice.broker.KafkaClients.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.server.common.MetadataVersion;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What clients see of one running broker. */
class EmbeddedKafkaTest {
    @TempDir
    static Path dataDirectory;

    static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = new EmbeddedKafka(EmbeddedKafkaConfig.inDirectory(dataDirectory)).start();
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void listensOnTheLoopbackAddressOnly() throws Exception {
        assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + kafka.port());
        try (Admin admin = KafkaClients.admin(kafka)) {
            var nodes = admin.describeCluster().nodes().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(nodes).extracting(Node::host, Node::port).containsExactly(
                    Tuple.tuple("127.0.0.1", kafka.port()));
        }
    }

    @Test
    void newClusterRunsTheLatestProductionMetadataVersionWithTransactionVersionOne() throws Exception {
        try (Admin admin = KafkaClients.admin(kafka)) {
            FeatureMetadata features = admin.describeFeatures().featureMetadata()
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            Map<String, FinalizedVersionRange> finalized = features.finalizedFeatures();
            assertThat(finalized.get(MetadataVersion.FEATURE_NAME).maxVersionLevel())
                    .isEqualTo(MetadataVersion.latestProduction().featureLevel());
            assertThat(finalized.get("transaction.version").maxVersionLevel()).isEqualTo((short) 1);
        }
    }

    @Test
    void idempotentProducerWithAcksAllWritesRecordsThatAConsumerGroupReadsBack() throws Exception {
        String topic = createTopic("idempotent");
        try (KafkaProducer<String, String> producer = KafkaClients.idempotentProducer(kafka)) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i));
            }
            producer.flush();
        }
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumerInGroup(kafka, "read_uncommitted")) {
            List<ConsumerRecord<String, String>> records = KafkaClients.readFromStart(consumer, topic, 5);
            assertThat(values(records)).containsExactly("value-0", "value-1", "value-2", "value-3", "value-4");

            // Committing needs the offsets topic, which one node can host only with RF 1.
            consumer.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(5)), TIMEOUT);
            assertThat(consumer.committed(Set.of(new TopicPartition(topic, 0)), TIMEOUT))
                    .containsEntry(new TopicPartition(topic, 0), new OffsetAndMetadata(5));
        }
    }

    @Test
    void transactionalProducerCommitsRecordsThatAReadCommittedConsumerSeesAndAbortsTheRest() throws Exception {
        String topic = createTopic("transactional");
        try (KafkaProducer<String, String> producer = KafkaClients.transactionalProducer(kafka, "test-tx")) {
            producer.initTransactions();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "aborted"));
            producer.flush();
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed-1"));
            producer.send(new ProducerRecord<>(topic, "k", "committed-2"));
            producer.commitTransaction();
        }
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumerInGroup(kafka, "read_committed")) {
            assertThat(values(KafkaClients.readFromStart(consumer, topic, 2)))
                    .containsExactly("committed-1", "committed-2");
        }
    }

    @Test
    void producingToAnUnknownTopicDoesNotCreateIt() throws Exception {
        String topic = "never-created";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000), new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "k", "v")).get())
                    .hasCauseInstanceOf(TimeoutException.class)
                    .hasRootCauseInstanceOf(UnknownTopicOrPartitionException.class);
        }
        try (Admin admin = KafkaClients.admin(kafka)) {
            assertThat(admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).doesNotContain(topic);
        }
    }

    @Test
    void startingTheSameInstanceTwiceIsRefused() {
        assertThatThrownBy(kafka::start).isInstanceOf(IllegalStateException.class);
    }

    private static String createTopic(String name) throws Exception {
        try (Admin admin = KafkaClients.admin(kafka)) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all()
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        return name;
    }
}

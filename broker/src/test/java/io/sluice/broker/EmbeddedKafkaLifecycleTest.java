package io.sluice.broker;

import static io.sluice.broker.KafkaClients.TIMEOUT;
import static io.sluice.broker.KafkaClients.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting, stopping and restarting brokers on their data directories. */
class EmbeddedKafkaLifecycleTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    Path dataDirectory;

    @Test
    void recordsSurviveARestartOnTheSameDataDirectory() throws Exception {
        String clusterIdBefore;
        try (EmbeddedKafka kafka = new EmbeddedKafka(EmbeddedKafkaConfig.inDirectory(dataDirectory)).start()) {
            clusterIdBefore = clusterId(kafka);
            try (Admin admin = KafkaClients.admin(kafka)) {
                admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all()
                        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
            try (KafkaProducer<String, String> producer = KafkaClients.transactionalProducer(kafka, "restart-tx")) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("kept", "k", "before-restart-1"));
                producer.send(new ProducerRecord<>("kept", "k", "before-restart-2"));
                producer.commitTransaction();
            }
        }

        try (EmbeddedKafka kafka = new EmbeddedKafka(EmbeddedKafkaConfig.inDirectory(dataDirectory)).start()) {
            // A reformatted directory would carry a new cluster id and no topics.
            assertThat(clusterId(kafka)).isEqualTo(clusterIdBefore);
            try (KafkaConsumer<String, String> consumer = KafkaClients.consumerInGroup(kafka, "read_committed")) {
                assertThat(values(KafkaClients.readFromStart(consumer, "kept", 2)))
                        .containsExactly("before-restart-1", "before-restart-2");
            }
        }
    }

    @Test
    void aFixedPortIsServedAsConfigured() throws Exception {
        int port = portFreeRightNow();
        try (EmbeddedKafka kafka = new EmbeddedKafka(EmbeddedKafkaConfig.inDirectory(dataDirectory).withPort(port))
                .start()) {
            assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            assertThat(clusterId(kafka)).isNotBlank();
        }
    }

    @Test
    void startFailsWithAMessageNamingThePortAndDirectoryWhenThePortIsTaken() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 1, LOOPBACK)) {
            int taken = squatter.getLocalPort();
            EmbeddedKafka kafka = new EmbeddedKafka(EmbeddedKafkaConfig.inDirectory(dataDirectory).withPort(taken));

            assertThatThrownBy(kafka::start)
                    .isInstanceOf(BrokerStartException.class)
                    .hasMessageContaining("port " + taken)
                    .hasMessageContaining("already in use")
                    .hasMessageContaining(dataDirectory.toString());
        }
    }

    @Test
    void aSecondBrokerOnADirectoryInUseIsRefusedAndTheFirstKeepsServing() throws Exception {
        try (EmbeddedKafka first = new EmbeddedKafka(EmbeddedKafkaConfig.inDirectory(dataDirectory)).start()) {
            EmbeddedKafka second = new EmbeddedKafka(EmbeddedKafkaConfig.inDirectory(dataDirectory)
                    .withStartupTimeout(Duration.ofSeconds(10)));

            assertThatThrownBy(second::start)
                    .isInstanceOf(BrokerStartException.class)
                    .hasMessageContaining(dataDirectory.toString())
                    .hasMessageContaining("lock");
            assertThat(clusterId(first)).isNotBlank();
            assertThat(first.fatalFault()).isEmpty();
        }
    }

    @Test
    void closingStopsTheBrokerPromptlyAndReleasesItsPort() throws Exception {
        EmbeddedKafka kafka = new EmbeddedKafka(EmbeddedKafkaConfig.inDirectory(dataDirectory)).start();
        int port = kafka.port();

        long closingAt = System.nanoTime();
        kafka.close();
        Duration closing = Duration.ofNanos(System.nanoTime() - closingAt);

        assertThat(closing).isLessThan(Duration.ofSeconds(10));
        assertThatCode(() -> bindAndRelease(port)).doesNotThrowAnyException();
        assertThatCode(kafka::close).as("closing again").doesNotThrowAnyException();
    }

    private static String clusterId(EmbeddedKafka kafka) throws Exception {
        try (Admin admin = KafkaClients.admin(kafka)) {
            return admin.describeCluster().clusterId().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private static int portFreeRightNow() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
            return socket.getLocalPort();
        }
    }

    private static void bindAndRelease(int port) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(LOOPBACK, port));
        }
    }
}

package io.sluice.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import kafka.server.KafkaConfig;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

class BrokerPropertiesTest {
    private final BrokerProperties properties =
            new BrokerProperties(Path.of("/var/sluice/kafka"), 9092, 9093, Duration.ofSeconds(30));

    @Test
    void everySettingIsOneKafkaKnows() {
        // Kafka only warns about an unknown setting, so a misspelt one would silently not apply.
        assertThat(KafkaConfig.configDef().names()).containsAll(properties.asMap().keySet());
    }

    @Test
    void bothListenersAreBoundToTheLoopbackAddress() {
        KafkaConfig config = properties.kafkaConfig();

        assertThat(CollectionConverters.asJava(config.listeners())).extracting(endpoint -> endpoint.host() + ":" + endpoint.port())
                .containsExactlyInAnyOrder("127.0.0.1:9092", "127.0.0.1:9093");
        assertThat(properties.bootstrapServers()).isEqualTo("127.0.0.1:9092");
    }

    @Test
    void metadataAndPartitionsLiveInSeparateDirectoriesUnderTheDataDirectory() {
        KafkaConfig config = properties.kafkaConfig();

        assertThat(config.metadataLogDir()).isEqualTo("/var/sluice/kafka/metadata");
        assertThat(Set.copyOf(config.logDirs())).containsExactly("/var/sluice/kafka/partitions");
    }
}

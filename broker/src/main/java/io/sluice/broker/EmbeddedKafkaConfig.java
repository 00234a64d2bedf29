package io.sluice.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run the embedded broker.
 *
 * @param dataDirectory where Kafka keeps its metadata log ({@code metadata/}) and its partitions
 *     ({@code partitions/}); created if missing, formatted on the first start, reused afterwards
 * @param port the client port on 127.0.0.1, or 0 to pick a free one at start
 * @param startupTimeout how long {@link EmbeddedKafka#start()} may take before it gives up
 */
public record EmbeddedKafkaConfig(Path dataDirectory, int port, Duration startupTimeout) {
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(30);

    public EmbeddedKafkaConfig {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(startupTimeout, "startupTimeout");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 (pick a free one) or 1-65535: " + port);
        }
        if (startupTimeout.isNegative() || startupTimeout.isZero()) {
            throw new IllegalArgumentException("startupTimeout must be positive: " + startupTimeout);
        }
        dataDirectory = dataDirectory.toAbsolutePath().normalize();
    }

    /** A broker on a free port with the default startup timeout. */
    public static EmbeddedKafkaConfig inDirectory(Path dataDirectory) {
        return new EmbeddedKafkaConfig(dataDirectory, 0, DEFAULT_STARTUP_TIMEOUT);
    }

    public EmbeddedKafkaConfig withPort(int port) {
        return new EmbeddedKafkaConfig(dataDirectory, port, startupTimeout);
    }

    public EmbeddedKafkaConfig withStartupTimeout(Duration startupTimeout) {
        return new EmbeddedKafkaConfig(dataDirectory, port, startupTimeout);
    }
}

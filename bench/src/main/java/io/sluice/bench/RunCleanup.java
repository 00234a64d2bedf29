package io.sluice.bench;

import io.sluice.core.topic.Topic;
import io.sluice.core.topic.TopicNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * What the throughput benchmarks do between and after their runs: drop a run's topics and
 * checkpoints so the next starts clean, and note how loaded the machine was.
 */
final class RunCleanup {
    private RunCleanup() {}

    /** The one-minute load average of the machine, reported beside every figure. */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** Deletes every topic of {@code names}. */
    static void deleteTopics(String bootstrapServers, TopicNames names, Duration timeout) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            List<String> topics = Arrays.stream(Topic.values()).map(names::of).toList();
            admin.deleteTopics(topics).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Deletes a directory and everything in it; nothing when it is null or absent. */
    static void deleteRecursively(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

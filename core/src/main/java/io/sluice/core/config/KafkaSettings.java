package io.sluice.core.config;

import java.nio.file.Path;

/**
 * Where the topics live.
 *
 * @param bootstrap an external cluster; absent starts the embedded single-node broker
 * @param partitions for topics Sluice creates
 * @param replicationFactor for topics Sluice creates; absent uses the cluster's default
 * @param dataDir the embedded broker's data directory, kept across restarts
 * @param embeddedPort the embedded broker's port; 0 picks a free one
 */
public record KafkaSettings(
        String bootstrap, String topicPrefix, int partitions, Short replicationFactor, Path dataDir, int embeddedPort) {
    public boolean embedded() {
        return bootstrap == null;
    }
}

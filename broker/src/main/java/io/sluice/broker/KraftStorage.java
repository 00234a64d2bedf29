package io.sluice.broker;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import kafka.server.KafkaConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.apache.kafka.server.common.TransactionVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-time formatting of a KRaft data directory, as {@code kafka-storage.sh format} does it.
 * A formatted directory carries a {@code meta.properties}; formatting it again would fail, and
 * wiping it would lose the topics, so a directory is formatted only while it has none.
 */
final class KraftStorage {
    private static final Logger LOG = LoggerFactory.getLogger(KraftStorage.class);

    /**
     * The feature levels a new cluster starts with. Transaction version 2 makes Flink's Kafka
     * sink committer log a "producer is already fenced ... data loss" ERROR when it recovers
     * transactions, although nothing is lost; version 1 keeps the recovery quiet. The metadata
     * version is pinned to the latest production one so that no unstable feature is enabled.
     */
    static final MetadataVersion METADATA_VERSION = MetadataVersion.latestProduction();
    static final Map<String, Short> FEATURE_LEVELS =
            Map.of(TransactionVersion.FEATURE_NAME, TransactionVersion.TV_1.featureLevel());

    private KraftStorage() {}

    static boolean isFormatted(Path metadataDirectory) {
        return Files.isRegularFile(metadataDirectory.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME));
    }

    /** Formats the directories of {@code config} and returns the new cluster id. */
    static String format(KafkaConfig config) throws Exception {
        String clusterId = Uuid.randomUuid().toString();
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(report, true, StandardCharsets.UTF_8))
                .setNodeId(config.nodeId())
                .setClusterId(clusterId)
                .setControllerListenerName(BrokerProperties.CONTROLLER_LISTENER)
                .setMetadataLogDirectory(config.metadataLogDir())
                .setReleaseVersion(METADATA_VERSION)
                .setUnstableFeatureVersionsEnabled(false)
                .setIgnoreFormatted(false);
        FEATURE_LEVELS.forEach(formatter::setFeatureLevel);
        formatter.addDirectory(config.metadataLogDir());
        config.logDirs().forEach(formatter::addDirectory);
        formatter.run();
        LOG.debug("Formatted Kafka storage for cluster {}: {}", clusterId,
                report.toString(StandardCharsets.UTF_8).strip());
        return clusterId;
    }
}

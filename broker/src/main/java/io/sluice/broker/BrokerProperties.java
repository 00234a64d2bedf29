package io.sluice.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import kafka.server.KafkaConfig;

/**
 * The server settings of a single combined broker and controller on the loopback interface:
 * what a {@code server.properties} file would hold.
 */
record BrokerProperties(Path dataDirectory, int clientPort, int controllerPort, Duration startupTimeout) {
    static final int NODE_ID = 1;
    static final String CLIENT_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String HOST = "127.0.0.1";

    Map<String, String> asMap() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        // A static voter set (kraft.version 0) keeps the controller's address out of the stored
        // metadata, so the controller may come back on a different free port after a restart.
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put("listeners", CLIENT_LISTENER + "://" + HOST + ":" + clientPort + ","
                + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", CLIENT_LISTENER + "://" + HOST + ":" + clientPort);
        p.put("listener.security.protocol.map", CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("inter.broker.listener.name", CLIENT_LISTENER);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        // With the metadata log in a directory of its own, the raft layer locks it before it
        // reads or writes anything, so a second broker on the same data directory stops there
        // instead of running a second controller over the first one's metadata log.
        p.put("metadata.log.dir", metadataDirectory().toString());
        p.put("log.dirs", partitionsDirectory().toString());

        // Topics are created by the provisioner with their cleanup policy; a typo in a topic
        // name must fail, not create an empty topic with the wrong policy.
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");

        // Internal topics default to three replicas, which one node cannot host: consumer
        // groups and initTransactions would wait until they time out.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");

        // Flink's exactly-once Kafka sink opens one-hour transactions; the broker's 15-minute
        // default ceiling would refuse them.
        p.put("transaction.max.timeout.ms", Long.toString(Duration.ofHours(2).toMillis()));
        // The first consumer of a group should not wait three seconds for others that never come.
        p.put("group.initial.rebalance.delay.ms", "0");
        // The cleaner allocates this buffer up front (128 MiB by default); the compacted
        // topics here are small.
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        // Without a bound the broker waits forever to catch up with a controller that is not there.
        p.put("server.max.startup.time.ms", Long.toString(startupTimeout.toMillis()));
        return p;
    }

    Path metadataDirectory() {
        return dataDirectory.resolve("metadata");
    }

    Path partitionsDirectory() {
        return dataDirectory.resolve("partitions");
    }

    KafkaConfig kafkaConfig() {
        return new KafkaConfig(asMap(), false);
    }

    String bootstrapServers() {
        return HOST + ":" + clientPort;
    }
}

package io.sluice.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.BrokerServer;
import kafka.server.ControllerServer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.server.Server;
import kafka.server.SharedServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.raft.QuorumConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * A single-node Kafka broker in KRaft mode (broker and controller in one server) running inside
 * this JVM, listening on 127.0.0.1 only. It is assembled from the same parts as the server
 * {@code kafka-server-start.sh} runs, so clients see a real broker: transactions, consumer
 * groups and compaction all work.
 *
 * <p>The data directory is formatted on the first start and reused afterwards, so topics and
 * records survive a restart. One instance runs once: {@link #start()} it, {@link #close()} it,
 * and create a new instance on the same directory to start again.
 *
 * <pre>{@code
 * try (var kafka = new EmbeddedKafka(EmbeddedKafkaConfig.inDirectory(dir)).start()) {
 *     producerProps.put("bootstrap.servers", kafka.bootstrapServers());
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private enum State { NEW, RUNNING, CLOSED }

    private final EmbeddedKafkaConfig config;
    private final NonTerminatingFaultHandlers faults = new NonTerminatingFaultHandlers();
    private State state = State.NEW;
    private BrokerProperties properties;
    private PreboundSockets sockets;
    private ControllerServer controller;
    private BrokerServer broker;

    public EmbeddedKafka(EmbeddedKafkaConfig config) {
        this.config = config;
    }

    /**
     * Formats the data directory if it is new, starts the broker and returns once it has
     * answered a client request.
     *
     * @throws BrokerStartException if the port is taken, the directory is unusable or in use by
     *     another broker, or the broker does not answer within the startup timeout
     */
    public synchronized EmbeddedKafka start() {
        if (state != State.NEW) {
            throw new IllegalStateException("an EmbeddedKafka starts once; this one is " + state);
        }
        state = State.CLOSED; // until it has started; a failed start is not retried on this instance
        long startedAt = System.nanoTime();
        sockets = bindSockets();
        properties = new BrokerProperties(
                config.dataDirectory(), sockets.clientPort(), sockets.controllerPort(), config.startupTimeout());
        try {
            startServers();
            awaitFirstAnswer();
        } catch (Exception e) {
            stopServers(e);
            throw new BrokerStartException(
                    "Kafka broker could not start on " + describeAddresses() + ": " + reason(e), e);
        }
        state = State.RUNNING;
        LOG.info("Kafka broker ready on {} with data in {} ({} ms)", bootstrapServers(), config.dataDirectory(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
        return this;
    }

    /** {@code 127.0.0.1:<port>}, for a client's {@code bootstrap.servers}. */
    public synchronized String bootstrapServers() {
        return started().bootstrapServers();
    }

    /** The client port; the one picked at start if the configuration asked for any free port. */
    public synchronized int port() {
        return started().clientPort();
    }

    public EmbeddedKafkaConfig config() {
        return config;
    }

    /**
     * The first fault Kafka considers fatal, if one happened. A standalone Kafka would have
     * halted its process; this broker keeps the host running and may no longer serve correctly.
     */
    public Optional<RuntimeException> fatalFault() {
        return faults.firstFatalFault().map(RuntimeException.class::cast);
    }

    /** Shuts the broker down and waits until its files are closed; harmless if called again. */
    @Override
    public synchronized void close() {
        if (state != State.RUNNING) {
            state = State.CLOSED;
            return;
        }
        state = State.CLOSED;
        long stoppingAt = System.nanoTime();
        stopServers(null);
        LOG.debug("Kafka broker on {} stopped in {} ms", bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppingAt));
    }

    private PreboundSockets bindSockets() {
        try {
            return PreboundSockets.bind(LOOPBACK, config.port());
        } catch (IOException e) {
            String port = config.port() == 0 ? "a free port" : "port " + config.port();
            throw new BrokerStartException("Kafka broker could not start: " + port + " on "
                    + LOOPBACK.getHostAddress() + " is already in use or cannot be bound (" + e.getMessage()
                    + "; data directory " + config.dataDirectory() + "). Stop whatever listens there or choose "
                    + "another port.", e);
        }
    }

    /**
     * What {@link KafkaRaftServer} does for a combined node, except that the sockets and the
     * fault handlers are ours: see {@link PreboundSockets} and {@link NonTerminatingFaultHandlers}.
     */
    private void startServers() throws Exception {
        Files.createDirectories(config.dataDirectory());
        KafkaConfig kafkaConfig = properties.kafkaConfig();
        if (!KraftStorage.isFormatted(properties.metadataDirectory())) {
            KraftStorage.format(kafkaConfig);
        }
        Tuple2<MetaPropertiesEnsemble, BootstrapMetadata> storage =
                KafkaRaftServer.initializeLogDirs(kafkaConfig, LoggerFactory.getLogger(KafkaRaftServer.class), "");
        MetaPropertiesEnsemble metaProperties = storage._1();
        Metrics metrics = Server.initializeMetrics(kafkaConfig, Time.SYSTEM, metaProperties.clusterId().get());
        QuorumConfig quorum = kafkaConfig.quorumConfig();
        SharedServer shared = new SharedServer(
                kafkaConfig,
                metaProperties,
                Time.SYSTEM,
                metrics,
                CompletableFuture.completedFuture(QuorumConfig.parseVoterConnections(quorum.voters())),
                QuorumConfig.parseBootstrapServers(quorum.bootstrapServers()),
                faults,
                sockets);
        controller = new ControllerServer(shared, KafkaRaftServer.configSchema(), storage._2());
        broker = new BrokerServer(shared);
        // The controller first: the broker registers with it while starting.
        controller.startup();
        broker.startup();
    }

    private void awaitFirstAnswer() throws InterruptedException, ExecutionException, TimeoutException {
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, config.startupTimeout().toMillis());
        Map<String, Object> adminConfig = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "sluice-broker-readiness",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        try (Admin admin = Admin.create(adminConfig)) {
            var nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs)).nodes()
                    .get(timeoutMs, TimeUnit.MILLISECONDS);
            if (nodes.isEmpty()) {
                throw new IllegalStateException("the broker answered but lists no nodes");
            }
        }
    }

    /**
     * Broker before controller, as {@link KafkaRaftServer} does: the broker's controlled shutdown
     * needs the controller.
     */
    private void stopServers(Exception startFailure) {
        try {
            if (broker != null) {
                broker.shutdown();
            }
            if (controller != null) {
                controller.shutdown();
            }
            if (broker != null) {
                broker.awaitShutdown();
            }
            if (controller != null) {
                controller.awaitShutdown();
            }
        } catch (RuntimeException e) {
            if (startFailure == null) {
                throw e;
            }
            startFailure.addSuppressed(e);
        } finally {
            sockets.close();
        }
    }

    private BrokerProperties started() {
        if (properties == null) {
            throw new IllegalStateException("the broker has not been started");
        }
        return properties;
    }

    private static String reason(Exception e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private String describeAddresses() {
        return bootstrapServers() + " (controller on port " + properties.controllerPort()
                + ", data directory " + config.dataDirectory() + ")";
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[" + (properties == null ? "not started" : properties.bootstrapServers()) + ", "
                + config.dataDirectory() + ", " + state + "]";
    }
}

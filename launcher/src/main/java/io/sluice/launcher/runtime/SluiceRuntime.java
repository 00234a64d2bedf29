package io.sluice.launcher.runtime;

import io.sluice.broker.EmbeddedKafka;
import io.sluice.broker.EmbeddedKafkaConfig;
import io.sluice.broker.ProvisionedTopics;
import io.sluice.broker.TopicLayout;
import io.sluice.broker.TopicProvisioner;
import io.sluice.core.config.JobSettings;
import io.sluice.core.config.KafkaSettings;
import io.sluice.core.config.SluiceConfig;
import io.sluice.core.topic.TopicNames;
import io.sluice.router.RouterServer;
import io.sluice.simulator.upstream.SimulatedUpstream;
import io.sluice.simulator.world.SimulatorConfig;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Everything Sluice runs on one machine, started in order and stopped in reverse: Kafka (the
 * embedded KRaft broker, or an external cluster), the topics, the simulated upstream when no real
 * one is given, and the router. The same code paths as a distributed deployment, in one process.
 */
public final class SluiceRuntime implements AutoCloseable {
    private static final Duration PROVISIONING_TIMEOUT = Duration.ofSeconds(60);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final SluiceConfig config;
    private final String bootstrapServers;
    private final Optional<SimulatedUpstream> simulatedUpstream;
    private final Optional<LearningPath> learningPath;
    private final RouterServer router;

    private SluiceRuntime(Builder builder, PrintWriter out) {
        SluiceConfig effective = builder.config;
        try {
            KafkaSettings kafka = effective.kafka();
            if (kafka.embedded()) {
                out.printf("starting the embedded Kafka broker (KRaft), data in %s%n", kafka.dataDir());
                out.flush();
                EmbeddedKafka broker = new EmbeddedKafka(
                        EmbeddedKafkaConfig.inDirectory(kafka.dataDir()).withPort(kafka.embeddedPort())).start();
                started.push(broker);
                bootstrapServers = broker.bootstrapServers();
            } else {
                bootstrapServers = kafka.bootstrap();
            }
            TopicLayout layout = kafka.replicationFactor() == null
                    ? new TopicLayout(Optional.of(kafka.partitions()), Optional.empty())
                    : TopicLayout.of(kafka.partitions(), kafka.replicationFactor());
            ProvisionedTopics topics = TopicProvisioner.provision(bootstrapServers, new TopicNames(kafka.topicPrefix()),
                    layout, PROVISIONING_TIMEOUT);
            out.printf("kafka %s: %d topics created, %d already there (prefix %s)%n", bootstrapServers,
                    topics.created().size(), topics.existing().size(), kafka.topicPrefix());

            if (builder.world != null) {
                SimulatedUpstream upstream = SimulatedUpstream.start(builder.world);
                started.push(upstream);
                simulatedUpstream = Optional.of(upstream);
                effective = effective.withRouter(effective.router().withUpstream(
                        effective.router().upstream().withBaseUrl(upstream.baseUrl())));
                out.printf("simulated upstream %s%n", upstream.baseUrl());
                out.flush();
            } else {
                simulatedUpstream = Optional.empty();
            }
            JobSettings jobs = effective.jobs();
            if (jobs.embedded()) {
                out.printf("starting the Flink jobs (embedded MiniCluster, RocksDB, checkpoints in %s)%n",
                        jobs.checkpointDir());
                out.flush();
                LearningPath path = LearningPath.start(bootstrapServers, new TopicNames(kafka.topicPrefix()), jobs,
                        effective.router().upstream(), out);
                started.push(path);
                learningPath = Optional.of(path);
            } else {
                learningPath = Optional.empty();
            }

            router = RouterServer.start(effective, bootstrapServers, builder.clock,
                    learningPath.map(LearningPath::readiness).orElse(List.of()));
            started.push(router);
            config = effective;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public static Builder builder(SluiceConfig config) {
        return new Builder(config);
    }

    public SluiceConfig config() {
        return config;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public RouterServer router() {
        return router;
    }

    public TopicNames topics() {
        return new TopicNames(config.kafka().topicPrefix());
    }

    public Optional<SimulatedUpstream> simulatedUpstream() {
        return simulatedUpstream;
    }

    public Optional<LearningPath> learningPath() {
        return learningPath;
    }

    /** Stops the router first, so every event it accepted is flushed to Kafka before Kafka stops. */
    public void stopRouter() {
        if (started.remove(router)) {
            router.close();
        }
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(SluiceRuntime.class).warn("stopping: {}", e.toString());
            }
        }
    }

    public static final class Builder {
        private final SluiceConfig config;
        private SimulatorConfig world;
        private Clock clock = Clock.systemUTC();

        private Builder(SluiceConfig config) {
            this.config = config;
        }

        /** Starts a simulated upstream of this world and points the router at it. */
        public Builder simulatedUpstream(SimulatorConfig world) {
            this.world = world;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public SluiceRuntime start(PrintWriter out) {
            return new SluiceRuntime(this, out);
        }
    }
}

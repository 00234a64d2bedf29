package io.sluice.launcher.serve;

import io.sluice.core.config.JobSettings;
import io.sluice.core.config.KafkaSettings;
import io.sluice.core.config.RouterSettings;
import io.sluice.core.config.SluiceConfig;
import io.sluice.core.config.UpstreamSettings;
import io.sluice.launcher.ConfigSource;
import io.sluice.launcher.runtime.SluiceRuntime;
import io.sluice.simulator.world.Presets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        versionProvider = io.sluice.launcher.BuildVersion.class,
        description = {
            "Runs the router for real use until stopped (Ctrl-C).",
            "Without --kafka (or kafka.bootstrap) it starts the embedded broker with its data in --data-dir; "
                    + "without --upstream (or router.upstream.base_url) it starts the simulated upstream."
        })
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--config", description = "The Sluice configuration file (default: the bundled examples/bandit.yaml).")
    Path config;

    @Option(names = "--port", description = "The router's port (default: router.port of the configuration, 8080).")
    Integer port;

    @Option(names = "--host", description = "The address to listen on (default: router.host, 127.0.0.1).")
    String host;

    @Option(names = "--kafka", paramLabel = "HOST:PORT", description = "An external Kafka cluster (default: kafka.bootstrap, else the embedded broker).")
    String kafka;

    @Option(names = "--kafka-port", paramLabel = "PORT", description = "The embedded broker's port, for clients "
            + "outside this process (default: kafka.embedded_port, 9092; 0 picks a free one).")
    Integer kafkaPort;

    @Option(names = "--upstream", paramLabel = "URL", description = "The OpenAI-compatible upstream, e.g. https://api.openai.com/v1 (default: the simulated upstream).")
    String upstream;

    @Option(names = "--data-dir", description = "Where the embedded broker keeps its data (<dir>/kafka) and the jobs "
            + "their checkpoints (<dir>/checkpoints) (default: kafka.data_dir and jobs.checkpoint_dir, under .sluice).")
    Path dataDir;

    @Option(names = "--world", description = "The simulated upstream's preset when there is no real one: three-arms or "
            + "support-bot (default: three-arms for the bundled example, support-bot for a --config).")
    String world;

    @Option(names = "--no-jobs", description = "Do not run the Flink jobs in this process (they run on a Flink cluster).")
    boolean noJobs;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @picocli.CommandLine.Mixin
    io.sluice.launcher.LogLevelOption logLevel;

    @Override
    public Integer call() {
        java.io.PrintWriter out = spec.commandLine().getOut();
        if (upstream != null && !upstream.matches("https?://[^\\s/]+(/\\S*)?")) {
            throw new IllegalArgumentException("--upstream: must be an http(s) URL such as https://api.openai.com/v1, was '"
                    + upstream + "'");
        }
        if (upstream != null && config == null) {
            // The bundled example's arms name simulated models no real provider serves.
            throw new IllegalArgumentException("--upstream needs --config: the bundled example's arms name the "
                    + "simulated models sim-small, sim-medium and sim-large. Pass --config with experiments whose arms "
                    + "name the provider's models (see examples/support-bot.yaml).");
        }
        SluiceConfig loaded = ConfigSource.load(config);
        if (config == null) {
            out.println("no --config: serving the bundled example " + ConfigSource.BUNDLED_EXAMPLE);
        }
        SluiceConfig effective = withOptions(loaded);
        SluiceRuntime.Builder builder = SluiceRuntime.builder(effective);
        if (effective.router().upstream().baseUrl() == null) {
            String preset = ConfigSource.world(world, config);
            out.println("no --upstream and no router.upstream.base_url: starting the simulated upstream ("
                    + preset + ")");
            builder.simulatedUpstream(Presets.named(preset));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        SluiceRuntime runtime = builder.start(out);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("stopping ...");
            out.flush();
            runtime.close();
            stopped.countDown();
        }, "sluice-shutdown"));
        out.printf("router listening: %s (OPENAI_BASE_URL), experiments: %s%n",
                runtime.router().openAiBaseUrl(),
                String.join(", ", runtime.config().experiments().stream().map(e -> e.name()).toList()));
        out.println("press Ctrl-C to stop");
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private SluiceConfig withOptions(SluiceConfig loaded) {
        if (kafka != null && !kafka.matches("[^\\s:,]+:\\d+(,[^\\s:,]+:\\d+)*")) {
            throw new IllegalArgumentException("--kafka: must be HOST:PORT[,HOST:PORT...], was '" + kafka + "'");
        }
        if (port != null && (port < 0 || port > 65535)) {
            throw new IllegalArgumentException("--port: must be in [0, 65535], was " + port);
        }
        if (kafkaPort != null && (kafkaPort < 0 || kafkaPort > 65535)) {
            throw new IllegalArgumentException("--kafka-port: must be in [0, 65535], was " + kafkaPort);
        }
        if (kafkaPort != null && (kafka != null || loaded.kafka().bootstrap() != null)) {
            throw new IllegalArgumentException("--kafka-port: sets the embedded broker's port, but Kafka is external here ("
                    + (kafka != null ? "--kafka" : "kafka.bootstrap") + ")");
        }
        RouterSettings r = loaded.router();
        UpstreamSettings u = r.upstream();
        UpstreamSettings upstreamSettings = upstream == null ? u : u.withBaseUrl(stripSlash(upstream));
        RouterSettings router = r.withAddress(host != null ? host : r.host(), port != null ? port : r.port())
                .withUpstream(upstreamSettings);
        KafkaSettings k = loaded.kafka();
        KafkaSettings kafkaSettings = new KafkaSettings(kafka != null ? kafka : k.bootstrap(), k.topicPrefix(),
                k.partitions(), k.replicationFactor(), dataDir != null ? dataDir.resolve("kafka") : k.dataDir(),
                kafkaPort != null ? kafkaPort : k.embeddedPort());
        JobSettings j = loaded.jobs();
        JobSettings jobs = j.withEmbedded(j.embedded() && !noJobs)
                .withCheckpointDir(dataDir != null ? dataDir.resolve("checkpoints") : j.checkpointDir());
        return loaded.withRouter(router).withKafka(kafkaSettings).withJobs(jobs);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}

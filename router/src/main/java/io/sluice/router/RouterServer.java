package io.sluice.router;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.core.config.SluiceConfig;
import io.sluice.core.experiment.ExperimentSpec;
import io.sluice.core.topic.Topic;
import io.sluice.core.topic.TopicNames;
import io.sluice.core.event.DeadLetter;
import io.sluice.router.events.DeadLetterTally;
import io.sluice.router.api.ClientAuth;
import io.sluice.router.events.EventLog;
import io.sluice.router.health.ReadinessCheck;
import io.sluice.router.events.TopicFollower;
import io.sluice.router.experiment.ExperimentRegistry;
import io.sluice.router.experiment.PosteriorBoard;
import io.sluice.router.experiment.PosteriorFreshness;
import io.sluice.router.experiment.RecentAlerts;
import io.sluice.router.experiment.SharedStateFeed;
import io.sluice.router.experiment.StickyAssignments;
import io.sluice.router.metrics.JvmMeters;
import io.sluice.router.metrics.RouterMetrics;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router process: loads the experiments, announces them on the {@code experiments} topic, and
 * serves the OpenAI-compatible API on one event loop per core.
 */
public final class RouterServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RouterServer.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    /** How many of the newest alerts {@code GET /v1/alerts} can show. */
    private static final int RECENT_ALERTS = 1000;

    private final Vertx vertx;
    private final EventLog events;
    private final TopicFollower follower;
    private final TopicFollower deadLetterFollower;
    private final PrometheusMeterRegistry prometheus;
    private final AutoCloseable jvmMeters;
    private final RouterContext context;
    private final int port;
    private final String host;

    private RouterServer(Vertx vertx, EventLog events, TopicFollower follower, TopicFollower deadLetterFollower,
            PrometheusMeterRegistry prometheus, AutoCloseable jvmMeters, RouterContext context, String host, int port) {
        this.jvmMeters = jvmMeters;
        this.vertx = vertx;
        this.events = events;
        this.follower = follower;
        this.deadLetterFollower = deadLetterFollower;
        this.prometheus = prometheus;
        this.context = context;
        this.host = host;
        this.port = port;
    }

    /** Starts the router and returns once it listens; fails with the reason otherwise. */
    public static RouterServer start(SluiceConfig config, String bootstrapServers, Clock clock) {
        return start(config, bootstrapServers, clock, List.of());
    }

    /**
     * Starts the router with more conditions of readiness than Kafka's.
     *
     * @param readiness checks {@code /readyz} asks on every call, e.g. that the jobs run
     */
    public static RouterServer start(SluiceConfig config, String bootstrapServers, Clock clock,
            List<ReadinessCheck> readiness) {
        if (config.router().upstream().baseUrl() == null) {
            throw new IllegalArgumentException("router.upstream.base_url: required, e.g. https://api.openai.com/v1");
        }
        Optional<String> upstreamKey = config.router().upstream().apiKey().resolve();
        ClientAuth clientAuth = ClientAuth.of(config.router().clientKeys());
        if (!clientAuth.required() && !isLoopbackHost(config.router().host())) {
            LOG.warn("the router listens on {} without client keys: anyone who reaches it can send requests, "
                    + "feedback and labels (set router.client_keys)", config.router().host());
        }
        if (upstreamKey.isEmpty() && !isLoopback(config.router().upstream().baseUrl())) {
            LOG.warn("no upstream API key in {}: requests go upstream without Authorization",
                    config.router().upstream().apiKey());
        }
        PosteriorBoard posteriors = new PosteriorBoard();
        ExperimentRegistry experiments = new ExperimentRegistry(config.experiments(), posteriors);
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AutoCloseable jvmMeters = JvmMeters.bindTo(prometheus);
        RouterMetrics metrics = new RouterMetrics(prometheus);
        metrics.experiments(config.experiments());
        String instance = config.router().instanceId() != null ? config.router().instanceId()
                : ManagementFactory.getRuntimeMXBean().getName();
        TopicNames topics = new TopicNames(config.kafka().topicPrefix());
        EventLog events = new EventLog(bootstrapServers, "sluice-router-" + instance, topics, metrics, clock);
        StickyAssignments assignments = new StickyAssignments(config.router().stickyCapacity(), events, instance,
                clock, (experiment, arm) -> experiments.find(experiment).map(live -> live.serves(arm)).orElse(true));
        PosteriorFreshness freshness = new PosteriorFreshness(prometheus);
        RecentAlerts alerts = new RecentAlerts(RECENT_ALERTS);
        DeadLetterTally deadLetters = new DeadLetterTally(prometheus, topics);
        SharedStateFeed feed = new SharedStateFeed(experiments, posteriors, assignments, freshness, alerts, metrics,
                clock);
        TopicFollower follower = new TopicFollower(bootstrapServers, topics, Map.of(
                Topic.EXPERIMENTS, feed::experiment,
                Topic.CONTROLS, feed::control,
                Topic.POSTERIORS, feed::posterior,
                Topic.ASSIGNMENTS, feed::assignment,
                Topic.ALERTS, feed::alert), feed::afterBatch);
        // Dead letters are counted, never needed to route: a consumer of their own, which the first
        // request does not wait for, so a long backlog of them cannot hold a starting router back.
        TopicFollower deadLetterFollower = new TopicFollower(bootstrapServers, topics, Map.of(
                Topic.DEAD_LETTERS, record -> deadLetters.count(SharedStateFeed.decode(record, DeadLetter.class))),
                () -> {}, "sluice-dead-letter-follower");
        RouterContext context = new RouterContext(config.router(), experiments, posteriors, assignments, freshness, alerts,
                events,
                metrics, prometheus, deadLetters, upstreamKey, config.router().adminToken().resolve(), clientAuth, clock, clock.instant(),
                List.copyOf(readiness));
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
                        .setEnabled(true)
                        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))))
                .withMetrics(new MicrometerMetricsFactory(prometheus))
                .build();
        try {
            events.warmUp(STARTUP_TIMEOUT);
            announce(events, config.experiments());
            // Serve only once the shared state is read: a restarted router must know every sticky
            // assignment and the newest posteriors before its first decision.
            follower.start();
            deadLetterFollower.start();
            follower.awaitCaughtUp(STARTUP_TIMEOUT);
            int port = deploy(vertx, config, context);
            LOG.info("router listening on http://{}:{} with {} experiment(s)", config.router().host(), port,
                    experiments.all().size());
            return new RouterServer(vertx, events, follower, deadLetterFollower, prometheus, jvmMeters, context,
                    config.router().host(), port);
        } catch (RuntimeException e) {
            vertx.close();
            follower.close();
            deadLetterFollower.close();
            events.close();
            throw e;
        }
    }

    private static void announce(EventLog events, List<ExperimentSpec> specs) {
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (ExperimentSpec spec : specs) {
            acks.add(events.publish(Topic.EXPERIMENTS, spec.name(), spec));
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .get(STARTUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish the experiments to Kafka: " + e.getMessage(), e);
        }
    }

    private static int deploy(Vertx vertx, SluiceConfig config, RouterContext context) {
        // Vert.x shares one listening socket among the instances of a deployment; a negative port
        // asks for one random port shared by all of them (port 0 would give each its own).
        int port = config.router().port() == 0 ? -1 : config.router().port();
        List<RouterVerticle> instances = new java.util.concurrent.CopyOnWriteArrayList<>();
        int count = Math.max(1, Runtime.getRuntime().availableProcessors());
        await(vertx.deployVerticle(() -> {
            RouterVerticle verticle = new RouterVerticle(context, port);
            instances.add(verticle);
            return verticle;
        }, new DeploymentOptions().setInstances(count)),
                "start the HTTP server on " + config.router().host() + ":" + config.router().port());
        return instances.get(0).actualPort();
    }

    private static <T> T await(io.vertx.core.Future<T> future, String what) {
        try {
            return future.toCompletionStage().toCompletableFuture()
                    .get(STARTUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("could not " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException("could not " + what + ": " + e, e);
        }
    }

    private static boolean isLoopbackHost(String host) {
        return "127.0.0.1".equals(host) || "localhost".equals(host) || "::1".equals(host);
    }

    private static boolean isLoopback(String url) {
        String host = java.net.URI.create(url).getHost();
        return "127.0.0.1".equals(host) || "localhost".equals(host) || "::1".equals(host);
    }

    public int port() {
        return port;
    }

    /** The base URL apps give their OpenAI SDK: {@code http://host:port/v1}. */
    public String openAiBaseUrl() {
        return "http://" + (host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + port + "/v1";
    }

    public PrometheusMeterRegistry meterRegistry() {
        return prometheus;
    }

    /** The experiments as this router serves them, with their current policies. */
    public ExperimentRegistry experiments() {
        return context.experiments();
    }

    /** The newest posterior of every arm, as this router holds them. */
    public PosteriorBoard posteriors() {
        return context.posteriors();
    }

    /** The newest alerts this router has read from the {@code alerts} topic. */
    public io.sluice.router.experiment.RecentAlerts alerts() {
        return context.alerts();
    }

    public PosteriorFreshness posteriorFreshness() {
        return context.freshness();
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("router did not stop cleanly: {}", e.toString());
        }
        follower.close();
        deadLetterFollower.close();
        events.close();
        try {
            jvmMeters.close();
        } catch (Exception e) {
            LOG.warn("JVM meters did not unbind: {}", e.toString());
        }
    }
}

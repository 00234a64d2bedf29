package io.sluice.simulator.upstream;

import io.sluice.simulator.judge.JudgeDrift;
import io.sluice.simulator.world.JudgeProfile;
import io.sluice.simulator.world.SimulatorConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running simulated upstream: an OpenAI-compatible server on 127.0.0.1 whose answers have a
 * known true quality. It serves {@code POST /v1/chat/completions}, {@code POST /v1/responses}
 * (both plain and streaming; the same conversation gets the same answer through either) and
 * {@code GET /v1/models}. Start one with {@link #start(SimulatorConfig)} (its own Vert.x,
 * blocking, for tests and the launcher) or deploy it into an application's Vert.x with
 * {@link Builder#deploy(Vertx)}. Point an OpenAI client at {@link #baseUrl()}; check what callers
 * sent, and to which {@link Endpoint}, with {@link #received()}.
 */
public final class SimulatedUpstream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedUpstream.class);
    private static final Duration BLOCKING_TIMEOUT = Duration.ofSeconds(30);

    private final Vertx vertx;
    private final boolean ownsVertx;
    private final String deploymentId;
    private final UpstreamVerticle verticle;
    private final SimulatorConfig config;
    private final String host;
    private volatile boolean stopped;

    private SimulatedUpstream(Vertx vertx, boolean ownsVertx, String deploymentId, UpstreamVerticle verticle,
                              SimulatorConfig config, String host) {
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.deploymentId = deploymentId;
        this.verticle = verticle;
        this.config = config;
        this.host = host;
    }

    /** Starts on a free port of 127.0.0.1 with its own Vert.x; blocks until it listens. */
    public static SimulatedUpstream start(SimulatorConfig config) {
        return builder(config).start();
    }

    public static Builder builder(SimulatorConfig config) {
        return new Builder(config);
    }

    /** The port it listens on. */
    public int port() {
        return verticle.actualPort();
    }

    /** {@code http://127.0.0.1:<port>/v1}: the base URL an OpenAI client takes. */
    public String baseUrl() {
        return origin() + "/v1";
    }

    /** {@code http://127.0.0.1:<port>}, without the API version path. */
    public String origin() {
        return "http://" + host + ":" + port();
    }

    /** What it received, for assertions on what callers sent. */
    public ReceivedRequests received() {
        return verticle.received();
    }

    public SimulatorConfig config() {
        return config;
    }

    /**
     * The live drift schedule of the simulated judge model {@code model}: start or stop its
     * drift at run time ({@code judgeDrift("sim-judge").startNow(1.0)}).
     *
     * @throws IllegalArgumentException when no judge model of that name is configured
     */
    public JudgeDrift judgeDrift(String model) {
        return verticle.simulator().judgeDrift(model).orElseThrow(() -> new IllegalArgumentException(
                "no simulated judge model '" + model + "'; configured: "
                        + config.judges().stream().map(JudgeProfile::model).toList()));
    }

    /**
     * The live degradation of the model {@code model}: make it slow or failing at run time
     * ({@code degradation("sim-large").startAfter(Duration.ofSeconds(60), Duration.ofSeconds(4), 0)}).
     */
    public ModelDegradation degradation(String model) {
        return verticle.simulator().degradation(model);
    }

    /**
     * Stops serving, without blocking: for an upstream deployed into an application's Vert.x.
     * One started with its own Vert.x is stopped with {@link #close()}, which also closes that.
     */
    public Future<Void> stop() {
        if (stopped) {
            return Future.succeededFuture();
        }
        stopped = true;
        return vertx.undeploy(deploymentId);
    }

    /** Stops and waits for it, closing its own Vert.x if it has one; not on an event-loop thread. */
    @Override
    public void close() {
        try {
            await(stop());
        } finally {
            if (ownsVertx) {
                // Closed from this thread: a close chained onto an event-loop callback would complete
                // on the loop it shuts down, and its future would never be delivered.
                await(vertx.close());
            }
        }
    }

    private static <T> T await(Future<T> future) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("blocking on an event loop: use deploy()/stop() and compose futures");
        }
        try {
            return future.toCompletionStage().toCompletableFuture()
                    .get(BLOCKING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the simulated upstream", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("simulated upstream failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("simulated upstream did not answer within " + BLOCKING_TIMEOUT, e);
        }
    }

    public static final class Builder {
        private final SimulatorConfig config;
        private String host = "127.0.0.1";
        private int port = 0;
        private Clock clock = Clock.systemUTC();

        private Builder(SimulatorConfig config) {
            this.config = config.requireValid();
        }

        /** The port to listen on; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The interface to listen on; 127.0.0.1 by default. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** The clock of {@code created} timestamps and received-request times. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Starts with a Vert.x instance of its own and blocks until it listens. */
        public SimulatedUpstream start() {
            Vertx own = Vertx.vertx();
            try {
                return await(deploy(own, true));
            } catch (RuntimeException e) {
                own.close();
                throw e;
            }
        }

        /** Deploys into an existing Vert.x; stopping it leaves that Vert.x running. */
        public Future<SimulatedUpstream> deploy(Vertx vertx) {
            return deploy(vertx, false);
        }

        private Future<SimulatedUpstream> deploy(Vertx vertx, boolean ownsVertx) {
            UpstreamVerticle verticle = new UpstreamVerticle(config, clock, host, port);
            return vertx.deployVerticle(verticle).map(id -> {
                SimulatedUpstream upstream = new SimulatedUpstream(vertx, ownsVertx, id, verticle, config, host);
                LOG.info("simulated upstream listening on {} ({} variants, seed {})",
                        upstream.baseUrl(), config.variants().size(), config.seed());
                return upstream;
            });
        }
    }
}

package io.sluice.simulator.users;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Simulated users of a support-bot app, each on its own thread, talking to the Sluice router
 * through the official OpenAI SDK and reporting feedback as the app would. Start it, read
 * {@link #snapshot()} for progress, {@link #stop()} or {@link #close()} it; with a request budget
 * it also stops by itself ({@link #awaitFinished(Duration)}).
 *
 * <pre>{@code
 * try (UserPopulation users = UserPopulation.start(PopulationConfig.builder()
 *         .routerUrl("http://127.0.0.1:8080").experiment("support-bot").users(8).build())) {
 *     ...
 *     System.out.println(users.snapshot().progressLine());
 * }
 * }</pre>
 */
public final class UserPopulation implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UserPopulation.class);
    private static final Duration JOIN_GRACE = Duration.ofSeconds(10);

    private final PopulationConfig config;
    private final Clock clock;
    private final PopulationStats stats = new PopulationStats();
    private final RequestBudget budget;
    private final List<Thread> threads = new ArrayList<>();
    private final List<Consumer<RouterAnswer>> answerListeners = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    private boolean started;
    private RouterClient router;

    public UserPopulation(PopulationConfig config) {
        this(config, Clock.systemUTC());
    }

    /** @param clock the clock of feedback timestamps */
    public UserPopulation(PopulationConfig config, Clock clock) {
        this.config = config.requireValid();
        this.clock = clock;
        this.budget = new RequestBudget(config.requestBudget());
    }

    public static UserPopulation start(PopulationConfig config) {
        return new UserPopulation(config).start();
    }

    /**
     * Calls {@code listener} with every answer a user receives (request id, text, arm), on that
     * user's thread, right after it is counted; e.g. to hand answers to simulated annotators. It
     * must return quickly and not block; an exception it throws is logged and ignored. May be
     * added before or after the start.
     */
    public UserPopulation onAnswer(Consumer<RouterAnswer> listener) {
        answerListeners.add(listener);
        return this;
    }

    /** Starts every user's thread; a population starts once. */
    public synchronized UserPopulation start() {
        if (started) {
            throw new IllegalStateException("a user population starts only once");
        }
        started = true;
        running = true;
        router = new RouterClient(config);
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.requestTimeout())
                .build();
        FeedbackSender feedback = new FeedbackSender(http, config.routerUrl(), config.apiKey(),
                config.requestTimeout());
        for (int i = 0; i < config.users(); i++) {
            String userId = config.userIdPrefix() + String.format(Locale.ROOT, "%04d", i);
            SimulatedUser user = new SimulatedUser(userId, userSeed(config.seed(), i), config, router, feedback,
                    stats, budget, this::isRunning, clock, this::answered);
            Thread thread = new Thread(user, "sim-" + userId);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        LOG.info("{} simulated users talking to {} (experiment {})", config.users(), config.routerUrl(),
                config.experiment());
        return this;
    }

    public boolean isRunning() {
        return running;
    }

    /** Live counters. */
    public PopulationStats stats() {
        return stats;
    }

    public PopulationSnapshot snapshot() {
        return stats.snapshot();
    }

    public PopulationConfig config() {
        return config;
    }

    /**
     * Waits for every user to finish, which they do by themselves once the request budget is
     * spent. True when all finished within the timeout.
     */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threadsSnapshot()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            thread.join(Math.max(1, left / 1_000_000));
            if (thread.isAlive()) {
                return false;
            }
        }
        running = false;
        return true;
    }

    /**
     * Stops every user and waits for its thread. Users pause between turns in interruptible
     * sleeps and stop reading streams at once; a plain request in flight is let finish.
     */
    public void stop() {
        running = false;
        List<Thread> all = threadsSnapshot();
        all.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + JOIN_GRACE.toNanos();
        for (Thread thread : all) {
            try {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (thread.isAlive()) {
                LOG.warn("simulated user thread {} did not stop within {}", thread.getName(), JOIN_GRACE);
            }
        }
    }

    /** Stops the users and releases the HTTP clients. */
    @Override
    public void close() {
        stop();
        synchronized (this) {
            if (router != null) {
                router.close();
                router = null;
            }
        }
    }

    private void answered(RouterAnswer answer) {
        for (Consumer<RouterAnswer> listener : answerListeners) {
            try {
                listener.accept(answer);
            } catch (RuntimeException e) {
                LOG.warn("an answer listener failed on request {}", answer.requestId(), e);
            }
        }
    }

    private synchronized List<Thread> threadsSnapshot() {
        return List.copyOf(threads);
    }

    // Spreads consecutive user indexes over the seed space so neighbouring users do not share streams.
    private static long userSeed(long seed, int index) {
        return seed ^ ((index + 1) * 0x9E3779B97F4A7C15L);
    }
}

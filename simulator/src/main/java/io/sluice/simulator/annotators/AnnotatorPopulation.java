package io.sluice.simulator.annotators;

import io.sluice.simulator.quality.QualityMark;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Simulated human annotators: they read answered requests as they are {@link #offer offered},
 * label a sample of them from the answer's true quality, each with their own noise, and post
 * each label to the router's {@code POST /v1/labels} as
 * {@code {"request_id", "annotator", "label"}}.
 *
 * <p>The caller chooses which requests are eligible (e.g. those the online judge scores, so that
 * judge and humans meet on the same answers); {@code label_rate} of the eligible ones are
 * labelled, decided by the request id. Offering never blocks: a full queue drops the answer and
 * counts it. One daemon thread posts the labels; {@link #stop()} ends it promptly.
 *
 * <pre>{@code
 * try (AnnotatorPopulation annotators = AnnotatorPopulation.start(config, id -> judged(id));
 *      UserPopulation users = new UserPopulation(populationConfig)) {
 *     users.onAnswer(a -> annotators.offer(a.requestId(), a.content()));
 *     users.start();
 *     ...
 * }
 * }</pre>
 */
public final class AnnotatorPopulation implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AnnotatorPopulation.class);
    private static final Duration JOIN_GRACE = Duration.ofSeconds(5);

    private record Work(String requestId, double quality, List<Annotator> labellers) {}

    private final AnnotatorConfig config;
    private final Predicate<String> eligible;
    private final LabelAssignment assignment;
    private final AnnotatorStats stats = new AnnotatorStats();
    private final BlockingQueue<Work> queue;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LabelSender sender;
    private final Thread worker;
    private volatile boolean running;

    /**
     * @param eligible which request ids may be labelled at all; the rate applies among them
     */
    public AnnotatorPopulation(AnnotatorConfig config, Predicate<String> eligible) {
        this.config = config.requireValid();
        this.eligible = eligible;
        this.assignment = new LabelAssignment(config);
        this.queue = new LinkedBlockingQueue<>(config.queueCapacity());
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.requestTimeout())
                .build();
        this.sender = new LabelSender(http, config.routerUrl(), config.apiKey(), config.requestTimeout());
        this.worker = new Thread(this::work, "sim-annotators");
        this.worker.setDaemon(true);
    }

    public static AnnotatorPopulation start(AnnotatorConfig config, Predicate<String> eligible) {
        return new AnnotatorPopulation(config, eligible).start();
    }

    public synchronized AnnotatorPopulation start() {
        if (running || worker.getState() != Thread.State.NEW) {
            throw new IllegalStateException("an annotator population starts only once");
        }
        running = true;
        worker.start();
        LOG.info("{} simulated annotators labelling {} of eligible answers at {}", config.annotatorNoise().size(),
                config.labelRate(), config.routerUrl());
        return this;
    }

    /**
     * Offers an answered request for labelling; returns at once. True when it was queued to be
     * labelled, false when it is not in the sample, carries no quality mark, or was dropped.
     */
    public boolean offer(String requestId, String answer) {
        stats.offered();
        if (requestId == null || !eligible.test(requestId)) {
            return false;
        }
        List<Annotator> labellers = assignment.labellersOf(requestId);
        if (labellers.isEmpty()) {
            return false;
        }
        stats.sampled();
        OptionalDouble quality = QualityMark.read(answer);
        if (quality.isEmpty()) {
            stats.unmarked();
            return false;
        }
        if (!running || !queue.offer(new Work(requestId, quality.getAsDouble(), labellers))) {
            stats.dropped();
            return false;
        }
        return true;
    }

    public AnnotatorSnapshot snapshot() {
        return stats.snapshot(queue.size() + inFlight.get());
    }

    public AnnotatorConfig config() {
        return config;
    }

    public boolean isRunning() {
        return running;
    }

    /** Waits until every queued answer is labelled. True when that happened within the timeout. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!queue.isEmpty() || inFlight.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** Stops labelling: a post in flight is abandoned, queued answers are left unlabelled. */
    public void stop() {
        running = false;
        worker.interrupt();
        try {
            worker.join(JOIN_GRACE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (worker.isAlive()) {
            LOG.warn("the annotators' thread did not stop within {}", JOIN_GRACE);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void work() {
        while (running) {
            Work work;
            try {
                work = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (work == null) {
                continue;
            }
            inFlight.incrementAndGet();
            try {
                label(work);
            } catch (InterruptedException e) {
                return;
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    private void label(Work work) throws InterruptedException {
        for (Annotator annotator : work.labellers()) {
            int label = annotator.label(work.quality(), config.scaleMin(), config.scaleMax(),
                    assignment.noiseOf(work.requestId(), annotator));
            try {
                int status = sender.send(work.requestId(), annotator.name(), label);
                if (status >= 200 && status < 300) {
                    stats.sent(annotator.name());
                } else {
                    stats.failed();
                    LOG.debug("label for {} by {} refused with {}", work.requestId(), annotator.name(), status);
                }
            } catch (IOException e) {
                stats.failed();
                LOG.debug("label for {} by {} not delivered: {}", work.requestId(), annotator.name(), e.toString());
            }
        }
    }
}

package io.sluice.router.experiment;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * How fresh the router's posteriors are: from the moment the router accepted the newest reward a
 * posterior folds in, to the moment this router decides with it. It includes the attribution
 * window (a reward counts only once its decision's window has closed) and the whole learning path.
 * Kept exactly (HdrHistogram, millisecond resolution) for reports, and as a Prometheus timer.
 */
public final class PosteriorFreshness {
    private static final long MAX_MS = Duration.ofDays(31).toMillis();

    private final Recorder recorder = new Recorder(MAX_MS, 3);
    private final Histogram total = new Histogram(MAX_MS, 3);
    private final Timer timer;

    public PosteriorFreshness(MeterRegistry registry) {
        this.timer = Timer.builder("sluice.router.posterior.freshness")
                .description("From a reward's acceptance to the router deciding with a posterior that counts it")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    public void record(Instant rewardAccepted, Instant applied) {
        long ms = Math.max(0, Math.min(MAX_MS, Duration.between(rewardAccepted, applied).toMillis()));
        recorder.recordValue(ms);
        timer.record(Duration.ofMillis(ms));
    }

    /** Every value recorded so far. */
    public synchronized Histogram histogram() {
        total.add(recorder.getIntervalHistogram());
        return total.copy();
    }
}

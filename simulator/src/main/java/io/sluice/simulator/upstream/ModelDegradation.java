package io.sluice.simulator.upstream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * When a simulated model gets worse, and how: from its start instant on, its calls take at least
 * {@code latency} (to the whole answer, and to the first token of a stream) and fail with at least
 * {@code errorRate}. For guardrail demos and tests, which need an arm to degrade on demand and know
 * exactly when it began. Safe to change from any thread while requests are served.
 */
public final class ModelDegradation {
    private record Schedule(Instant startsAt, Duration latency, double errorRate) {}

    private final Clock clock;
    private volatile Schedule schedule = new Schedule(null, Duration.ZERO, 0.0);

    ModelDegradation(Clock clock) {
        this.clock = clock;
    }

    /**
     * Degrades the model {@code delay} from now.
     *
     * @param latency the least a call takes from then on; zero leaves latency alone
     * @param errorRate the least share of calls that fail from then on, in [0, 1]
     */
    public void startAfter(Duration delay, Duration latency, double errorRate) {
        if (latency.isNegative() || !(errorRate >= 0 && errorRate <= 1)) {
            throw new IllegalArgumentException("a degradation needs a latency >= 0 and an error rate in [0, 1], got "
                    + latency + " and " + errorRate);
        }
        schedule = new Schedule(clock.instant().plus(delay), latency, errorRate);
    }

    /** Ends the degradation: the model is as configured again. */
    public void stop() {
        schedule = new Schedule(null, Duration.ZERO, 0.0);
    }

    boolean active() {
        Schedule s = schedule;
        return s.startsAt != null && !clock.instant().isBefore(s.startsAt);
    }

    Duration latency(Duration configured) {
        Duration degraded = schedule.latency;
        return active() && degraded.compareTo(configured) > 0 ? degraded : configured;
    }

    double errorRate(double configured) {
        return active() ? Math.max(configured, schedule.errorRate) : configured;
    }
}

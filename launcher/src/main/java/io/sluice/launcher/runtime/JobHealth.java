package io.sluice.launcher.runtime;

import io.sluice.router.health.ReadinessCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobStatus;

/**
 * Whether an embedded job does its work, for {@code /readyz}: it is not ready when it has ended
 * (failed, cancelled, finished) or when it restarts in a loop, as a job does that fails on the
 * same record after every restart. One restart now and then is Flink recovering, and fine.
 * {@link #observe()} is called on a schedule; every restart it sees is remembered for
 * {@code window}.
 */
final class JobHealth implements ReadinessCheck {
    static final int RESTARTS_IN_A_LOOP = 3;
    static final Duration WINDOW = Duration.ofMinutes(5);

    private final String description;
    private final Callable<JobStatus> status;
    private final Clock clock;
    private final Deque<Instant> restarts = new ArrayDeque<>();
    private JobStatus last;
    private String unreachable;

    JobHealth(String description, Callable<JobStatus> status, Clock clock) {
        this.description = description;
        this.status = status;
        this.clock = clock;
    }

    /** Asks the job for its status and remembers a new restart. */
    synchronized void observe() {
        JobStatus now;
        try {
            now = status.call();
            unreachable = null;
        } catch (Exception e) {
            unreachable = e.toString();
            return;
        }
        if (now == JobStatus.RESTARTING && last != JobStatus.RESTARTING) {
            restarts.addLast(clock.instant());
        }
        last = now;
    }

    @Override
    public synchronized Optional<String> problem() {
        Instant since = clock.instant().minus(WINDOW);
        while (!restarts.isEmpty() && restarts.peekFirst().isBefore(since)) {
            restarts.removeFirst();
        }
        if (unreachable != null) {
            return Optional.of(description + " job: status unknown (" + unreachable + ")");
        }
        if (last != null && last.isGloballyTerminalState()) {
            return Optional.of(description + " job is " + last.name().toLowerCase());
        }
        if (restarts.size() >= RESTARTS_IN_A_LOOP) {
            return Optional.of(description + " job is restarting in a loop: " + restarts.size() + " restarts in the last "
                    + WINDOW.toMinutes() + " min (see its log and the dead-letters topic)");
        }
        return Optional.empty();
    }
}

package io.sluice.simulator.judge;

import io.sluice.simulator.world.JudgeProfile;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a simulated judge starts to drift, and by how much: from its start instant on, every
 * grade gets the offset added (a positive offset makes it over-score). The configured schedule
 * ({@code drift_after} after the simulator started, by its injected clock) can be replaced at
 * run time, so a demo or a test can start drift on demand and knows exactly when it began.
 * Safe to change from any thread while requests are being graded.
 */
public final class JudgeDrift {
    private record Schedule(Instant startsAt, double offset) {}

    private final Clock clock;
    private volatile Schedule schedule;

    JudgeDrift(JudgeProfile profile, Clock clock) {
        this.clock = clock;
        Instant start = clock.instant();
        this.schedule = new Schedule(profile.driftAfter() == null ? null : start.plus(profile.driftAfter()),
                profile.driftOffset());
    }

    /** The offset in force at {@code when}: zero before the drift starts. */
    public double offsetAt(Instant when) {
        Schedule s = schedule;
        return s.startsAt != null && !when.isBefore(s.startsAt) ? s.offset : 0.0;
    }

    public double offsetNow() {
        return offsetAt(clock.instant());
    }

    /** Starts drifting now, by {@code offset} scale points. */
    public void startNow(double offset) {
        startAt(clock.instant(), offset);
    }

    /** Starts drifting now by the configured offset. */
    public void startNow() {
        startNow(schedule.offset);
    }

    /** Starts drifting {@code delay} from now, by {@code offset} scale points. */
    public void startAfter(Duration delay, double offset) {
        startAt(clock.instant().plus(delay), offset);
    }

    public void startAt(Instant when, double offset) {
        if (!Double.isFinite(offset)) {
            throw new IllegalArgumentException("drift offset must be a number, was " + offset);
        }
        schedule = new Schedule(when, offset);
    }

    /** Ends the drift: grades are unbiased again from now on. */
    public void stop() {
        schedule = new Schedule(null, schedule.offset);
    }

    /** When the drift starts (or started); empty when none is scheduled. */
    public Optional<Instant> startsAt() {
        return Optional.ofNullable(schedule.startsAt);
    }

    /** The offset the drift adds once started. */
    public double offset() {
        return schedule.offset;
    }
}

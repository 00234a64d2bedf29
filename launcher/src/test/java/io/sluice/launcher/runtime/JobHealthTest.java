package io.sluice.launcher.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.JobStatus;
import org.junit.jupiter.api.Test;

class JobHealthTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final AtomicReference<JobStatus> status = new AtomicReference<>(JobStatus.RUNNING);
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final JobHealth health = new JobHealth("bandit loop", status::get, clock);

    private void restartOnce() {
        status.set(JobStatus.RESTARTING);
        health.observe();
        health.observe();
        status.set(JobStatus.RUNNING);
        health.observe();
        now.set(now.get().plusSeconds(10));
    }

    @Test
    void aRunningJobIsHealthyAndAnOccasionalRestartIsRecovery() {
        health.observe();
        assertThat(health.problem()).isEmpty();

        restartOnce();
        restartOnce();

        assertThat(health.problem()).as("two restarts, each seen over several polls, are recovery").isEmpty();
    }

    @Test
    void aJobRestartingInALoopIsNotReadyUntilTheRestartsAge() {
        restartOnce();
        restartOnce();
        restartOnce();

        assertThat(health.problem()).hasValueSatisfying(p -> assertThat(p)
                .contains("bandit loop job is restarting in a loop", "3 restarts"));

        now.set(now.get().plus(JobHealth.WINDOW));
        assertThat(health.problem()).isEmpty();
    }

    @Test
    void aJobThatEndedOrCannotBeAskedIsNotReady() {
        status.set(JobStatus.FAILED);
        health.observe();
        assertThat(health.problem()).contains("bandit loop job is failed");

        JobHealth unreachable = new JobHealth("agreement", () -> {
            throw new IllegalStateException("cluster gone");
        }, clock);
        unreachable.observe();
        assertThat(unreachable.problem()).hasValueSatisfying(p -> assertThat(p)
                .contains("agreement job: status unknown", "cluster gone"));
        assertThat(Duration.ofMinutes(5)).isEqualTo(JobHealth.WINDOW);
    }
}

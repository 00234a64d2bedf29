package io.sluice.router.health;

import java.util.Optional;

/**
 * One more condition of {@code /readyz}, beside Kafka taking the router's events: for example
 * that the learning path's jobs run, so an orchestrator sees a job failing in a loop.
 */
@FunctionalInterface
public interface ReadinessCheck {
    /** What keeps this part from working now, or empty when it works. */
    Optional<String> problem();
}

package io.sluice.router;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.core.config.RouterSettings;
import io.sluice.router.events.EventLog;
import io.sluice.router.experiment.ExperimentRegistry;
import io.sluice.router.experiment.PosteriorBoard;
import io.sluice.router.experiment.PosteriorFreshness;
import io.sluice.router.experiment.StickyAssignments;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** What every event loop of the router shares. */
record RouterContext(
        RouterSettings settings,
        ExperimentRegistry experiments,
        PosteriorBoard posteriors,
        StickyAssignments assignments,
        PosteriorFreshness freshness,
        io.sluice.router.experiment.RecentAlerts alerts,
        EventLog events,
        io.sluice.router.metrics.RouterMetrics metrics,
        PrometheusMeterRegistry prometheus,
        io.sluice.router.events.DeadLetterTally deadLetters,
        Optional<String> upstreamKey,
        Optional<String> adminToken,
        io.sluice.router.api.ClientAuth clientAuth,
        Clock clock,
        Instant started,
        java.util.List<io.sluice.router.health.ReadinessCheck> readiness) {}

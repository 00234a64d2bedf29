package io.sluice.launcher.demo;

import io.sluice.core.control.ExperimentControls;
import io.sluice.core.event.Alert;
import io.sluice.core.event.AlertKind;
import io.sluice.core.experiment.ExperimentSpec;
import io.sluice.router.RouterServer;
import io.sluice.router.experiment.LiveExperiment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the demo prints between its progress lines when guardrails fire: each new breach or
 * recovery the router has read from the {@code alerts} topic, and each change of the controls the
 * router is serving under (an arm paused or resumed, a rollback).
 */
final class GuardrailWatch {
    private final ExperimentSpec spec;
    private final RouterServer router;
    private final Instant start;
    private final Set<String> seen = new HashSet<>();
    private ExperimentControls last = ExperimentControls.NONE;

    GuardrailWatch(ExperimentSpec spec, RouterServer router, Instant start) {
        this.spec = spec;
        this.router = router;
        this.start = start;
    }

    List<String> news() {
        List<String> lines = new ArrayList<>();
        List<Alert> fresh = router.alerts().newest(a -> a.experiment().equals(spec.name())
                && (a.kind() == AlertKind.GUARDRAIL_BREACH || a.kind() == AlertKind.GUARDRAIL_RECOVERED), 100)
                .stream().filter(a -> seen.add(a.alertId())).sorted(Comparator.comparing(Alert::raisedAt)).toList();
        for (Alert alert : fresh) {
            lines.add(String.format(Locale.ROOT, "  !! %s %s: %s", at(alert.raisedAt()),
                    alert.kind().name().toLowerCase(Locale.ROOT), alert.message()));
        }
        ExperimentControls now = router.experiments().find(spec.name()).map(LiveExperiment::controls)
                .orElse(ExperimentControls.NONE);
        if (!now.equals(last)) {
            String arms = now.rolledBack() ? "the control arm only (rolled back)"
                    : now.paused().isEmpty() ? "every arm" : "without " + String.join(", ", now.paused()) + " (paused)";
            String rollout = spec.rollout() == null ? "" : String.format(Locale.ROOT, ", rollout step %d (traffic %s)",
                    now.rolloutStep(), spec.rollout().traffic(now.rolloutStep()));
            lines.add(String.format(Locale.ROOT, "  !! %s the router now serves %s: %s%s", at(Instant.now()),
                    spec.name(), arms, rollout));
            last = now;
        }
        return lines;
    }

    private String at(Instant when) {
        return String.format(Locale.ROOT, "%+ds", Duration.between(start, when).toSeconds());
    }
}

package io.sluice.launcher.demo;

import io.sluice.core.event.Alert;
import io.sluice.core.event.AlertKind;
import io.sluice.core.event.Control;
import io.sluice.core.event.Exposure;
import io.sluice.core.experiment.ExperimentSpec;
import io.sluice.core.experiment.GuardrailSpec;
import io.sluice.core.json.HumanDuration;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The demo's guardrail report, read back from the {@code alerts} and {@code controls} topics: the
 * guardrails watched, every breach, action and recovery in time order (seconds into the run), and
 * where traffic went after each pause.
 */
final class GuardrailReport {
    private GuardrailReport() {}

    static String render(ExperimentSpec spec, Instant trafficStart, List<Alert> alerts, List<Control> controls,
            List<Exposure> exposures) {
        StringBuilder out = new StringBuilder("Guardrails: ");
        List<String> limits = new ArrayList<>();
        for (GuardrailSpec g : spec.guardrails()) {
            limits.add(String.format(Locale.ROOT, "%s per %s (%d windows -> %s)", g.describe(),
                    HumanDuration.format(g.window()), g.consecutiveWindows(), g.action().wireName()));
        }
        out.append(String.join("; ", limits)).append('\n');
        List<Alert> mine = alerts.stream().filter(a -> a.experiment().equals(spec.name())
                && (a.kind() == AlertKind.GUARDRAIL_BREACH || a.kind() == AlertKind.GUARDRAIL_RECOVERED))
                .sorted(Comparator.comparing(Alert::raisedAt)).toList();
        List<Control> actions = controls.stream().filter(c -> c.experiment().equals(spec.name()))
                .sorted(Comparator.comparing(Control::issuedAt)).toList();
        if (mine.isEmpty() && actions.isEmpty()) {
            return out.append("  no guardrail was breached\n").toString();
        }
        for (Alert alert : mine) {
            out.append(String.format(Locale.ROOT, "  %s  %-19s %s%n", offset(trafficStart, alert.raisedAt()),
                    alert.kind().name().toLowerCase(Locale.ROOT), alert.message()));
        }
        for (Control control : actions) {
            out.append(String.format(Locale.ROOT, "  %s  control %s%s by %s%n", offset(trafficStart, control.issuedAt()),
                    control.action().wireName(), control.arm() == null ? "" : " " + control.arm(), control.issuedBy()));
            if (control.arm() != null) {
                List<Exposure> under = exposures.stream()
                        .filter(e -> e.policyVersion().contains("paused:") && pausedArms(e).contains(control.arm()))
                        .toList();
                long onArm = under.stream().filter(e -> e.arm().equals(control.arm())).count();
                Instant first = under.stream().map(Exposure::decidedAt).min(Comparator.naturalOrder()).orElse(null);
                out.append(String.format(Locale.ROOT, "         %d requests decided under the pause%s, %d of them on %s%n",
                        under.size(), first == null ? "" : " (from " + offset(trafficStart, first).trim() + ")", onArm,
                        control.arm()));
            }
        }
        return out.toString();
    }

    private static List<String> pausedArms(Exposure exposure) {
        String version = exposure.policyVersion();
        return List.of(version.substring(version.indexOf("paused:") + "paused:".length()).split(","));
    }

    private static String offset(Instant start, Instant at) {
        long seconds = Duration.between(start, at).toSeconds();
        return String.format(Locale.ROOT, "%+5ds", seconds);
    }
}

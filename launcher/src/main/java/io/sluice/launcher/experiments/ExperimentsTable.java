package io.sluice.launcher.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The admin API's experiment views as tables for a terminal. */
final class ExperimentsTable {
    private ExperimentsTable() {}

    static String list(JsonNode list) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-24s %-9s %-12s %s%n", "experiment",
                "policy", "controls", "arms"));
        for (JsonNode experiment : list.get("data")) {
            List<String> arms = new ArrayList<>();
            for (JsonNode arm : experiment.get("arms")) {
                arms.add(arm.get("name").asText() + (arm.path("paused").asBoolean() ? " (paused)" : ""));
            }
            out.append(String.format(Locale.ROOT, "%-24s %-9s %-12s %s%n", experiment.at("/spec/name").asText(),
                    experiment.at("/spec/policy/type").asText(), controls(experiment), String.join(", ", arms)));
        }
        return out.toString();
    }

    static String show(JsonNode experiment) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s (revision %s, policy %s, control arm %s)%n",
                experiment.at("/spec/name").asText(), experiment.path("revision").asText(),
                experiment.at("/spec/policy/type").asText(), experiment.at("/spec/control_arm").asText()));
        out.append("policy version: ").append(experiment.path("policy_version").asText()).append('\n');
        out.append("controls: ").append(controls(experiment)).append('\n');
        out.append(String.format(Locale.ROOT, "%-16s %-16s %-7s %9s %12s %14s%n", "arm", "model", "paused",
                "p(next)", "observations", "mean reward"));
        for (JsonNode arm : experiment.get("arms")) {
            out.append(String.format(Locale.ROOT, "%-16s %-16s %-7s %9.3f %12d %14.3f%n", arm.get("name").asText(),
                    arm.get("model").asText(), arm.path("paused").asBoolean() ? "yes" : "no",
                    arm.path("propensity").asDouble(), arm.at("/posterior/observations").asLong(),
                    arm.at("/posterior/expected_reward").asDouble()));
        }
        return out.toString();
    }

    private static String controls(JsonNode experiment) {
        JsonNode controls = experiment.path("controls");
        if (controls.path("rolled_back").asBoolean()) {
            return "rolled back";
        }
        List<String> paused = new ArrayList<>();
        controls.path("paused_arms").forEach(arm -> paused.add(arm.asText()));
        return paused.isEmpty() ? "none" : "paused: " + String.join(", ", paused);
    }
}

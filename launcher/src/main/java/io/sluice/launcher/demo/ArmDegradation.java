package io.sluice.launcher.demo;

import io.sluice.core.experiment.ArmSpec;
import io.sluice.core.experiment.ExperimentSpec;
import io.sluice.core.json.HumanDuration;
import java.time.Duration;
import java.util.Locale;

/**
 * What {@code sluice demo --degrade ARM:latency=4s,errors=0.2@60s} asks for: from {@code at} into
 * the run, the arm's model takes at least {@code latency} per call and fails at least
 * {@code errorRate} of them.
 */
record ArmDegradation(String arm, Duration latency, double errorRate, Duration at) {

    static final String FORMAT = "ARM:latency=DURATION[,errors=RATE]@AT, e.g. large:latency=4s@60s";

    /** Reads the option's value; the message of a bad one names the option and the part at fault. */
    static ArmDegradation parse(String value) {
        int colon = value.indexOf(':');
        int atSign = value.lastIndexOf('@');
        if (colon <= 0 || atSign < colon) {
            throw bad(value, "expected " + FORMAT);
        }
        String arm = value.substring(0, colon);
        Duration at = duration(value, value.substring(atSign + 1), "the time after @");
        Duration latency = Duration.ZERO;
        double errors = 0;
        for (String part : value.substring(colon + 1, atSign).split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2) {
                throw bad(value, "'" + part + "' is not key=value; expected " + FORMAT);
            }
            switch (kv[0].trim().toLowerCase(Locale.ROOT)) {
                case "latency" -> latency = duration(value, kv[1].trim(), "latency");
                case "errors" -> {
                    try {
                        errors = Double.parseDouble(kv[1].trim());
                    } catch (NumberFormatException e) {
                        throw bad(value, "errors must be a rate in [0, 1], was '" + kv[1] + "'");
                    }
                    if (!(errors >= 0 && errors <= 1)) {
                        throw bad(value, "errors must be a rate in [0, 1], was " + kv[1]);
                    }
                }
                default -> throw bad(value, "unknown '" + kv[0] + "' (latency or errors)");
            }
        }
        if (latency.isZero() && errors == 0) {
            throw bad(value, "give a latency or an error rate to degrade to");
        }
        return new ArmDegradation(arm, latency, errors, at);
    }

    /** The arm in the experiment, or a message naming the option and the arms there are. */
    ArmSpec armOf(ExperimentSpec spec) {
        return spec.arm(arm).orElseThrow(() -> new IllegalArgumentException("--degrade: experiment '" + spec.name()
                + "' has no arm '" + arm + "' (it has " + String.join(", ", spec.armNames()) + ")"));
    }

    String describe() {
        StringBuilder what = new StringBuilder();
        if (!latency.isZero()) {
            what.append("take ").append(HumanDuration.format(latency)).append(" per call");
        }
        if (errorRate > 0) {
            what.append(what.isEmpty() ? "" : " and ").append(String.format(Locale.ROOT, "fail %.0f%% of calls",
                    100 * errorRate));
        }
        return what.toString();
    }

    private static Duration duration(String value, String text, String what) {
        return HumanDuration.parse(text).filter(d -> !d.isNegative())
                .orElseThrow(() -> bad(value, what + " '" + text + "' is not a duration such as 4s or 500ms"));
    }

    private static IllegalArgumentException bad(String value, String why) {
        return new IllegalArgumentException("--degrade '" + value + "': " + why);
    }
}

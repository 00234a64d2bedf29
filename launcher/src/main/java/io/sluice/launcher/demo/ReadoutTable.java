package io.sluice.launcher.demo;

import io.sluice.core.analysis.ArmReadout;
import io.sluice.core.analysis.ExperimentReadout;
import java.util.Locale;
import java.util.Map;

/** Prints an experiment readout as the demo's closing table. */
public final class ReadoutTable {
    private ReadoutTable() {}

    /**
     * @param requests per arm, as the clients counted them
     */
    public static String render(ExperimentReadout readout, Map<String, Long> requests) {
        StringBuilder out = new StringBuilder();
        String rateLabel = readout.binary() ? "reward rate" : "mean reward";
        int width = Math.max(10, readout.arms().stream().mapToInt(a -> a.arm().length()).max().orElse(10));
        String header = String.format(Locale.ROOT, "%-" + width + "s %9s %10s %9s %12s  %-17s  %-27s %8s%n",
                "arm", "requests", "exposures", "rewarded", rateLabel, "95% interval",
                "vs " + readout.spec().controlArm(), "p-value");
        out.append(header);
        out.append("-".repeat(header.length() - 1)).append('\n');
        for (ArmReadout arm : readout.arms()) {
            String versus = arm.control() ? "(control)"
                    : String.format(Locale.ROOT, "%+.3f [%+.3f, %+.3f]", arm.difference(),
                            arm.differenceInterval().lower(), arm.differenceInterval().upper());
            String p = arm.control() ? "" : formatP(arm.pValue());
            out.append(String.format(Locale.ROOT, "%-" + width + "s %9d %10d %9d %12.3f  [%.3f, %.3f]     %-27s %8s%n",
                    arm.arm(), requests.getOrDefault(arm.arm(), 0L), arm.exposures(), arm.observed(),
                    arm.rewardRate(), arm.interval().lower(), arm.interval().upper(), versus, p));
        }
        out.append(readout.binary()
                ? "Rewards are 0/1: Wilson intervals, two-proportion z-test against the control arm."
                : "Rewards are not 0/1: t intervals, Welch's t-test against the control arm.");
        out.append('\n');
        return out.toString();
    }

    private static String formatP(double p) {
        if (Double.isNaN(p)) {
            return "n/a";
        }
        return p < 1e-4 ? "<0.0001" : String.format(Locale.ROOT, "%.4f", p);
    }
}

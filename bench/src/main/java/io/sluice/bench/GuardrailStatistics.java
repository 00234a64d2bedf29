package io.sluice.bench;

import io.sluice.core.event.CallOutcome;
import io.sluice.core.experiment.GuardrailAction;
import io.sluice.core.experiment.GuardrailMetric;
import io.sluice.core.stats.SequentialMultinomialTest;
import io.sluice.flink.experiments.JobSpec;
import io.sluice.flink.guardrails.ArmWindow;
import io.sluice.flink.guardrails.GuardrailRules;
import io.sluice.flink.guardrails.GuardrailSample;
import io.sluice.flink.guardrails.GuardrailStreak;
import io.sluice.flink.guardrails.SampleRatioFunction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * The statistics of the guardrails job, by simulation, with the job's own rules
 * ({@link GuardrailRules}, {@link ArmWindow}) and sample ratio test ({@link SampleRatioFunction}'s
 * level and concentration):
 *
 * <ol>
 *   <li>false pauses per 1,000 windows on stable traffic, and the delay from a latency degradation
 *       of a given size to the pause, in windows;
 *   <li>sample ratio mismatch: false alarms per 1,000 experiments without mismatch, and the units
 *       to detection when 2% of one arm's units go missing.
 * </ol>
 *
 * <pre>java -cp bench/target/benchmarks.jar io.sluice.bench.GuardrailStatistics [runs]</pre>
 *
 * Every stream is seeded, so the figures are exact for this program.
 */
public final class GuardrailStatistics {
    /** Latency of a call: log-normal with this median and log-sd (p95 = median · e^(1.645 σ) ≈ 2.28 × median). */
    private static final double MEDIAN_MS = 800;
    private static final double SIGMA = 0.5;

    private GuardrailStatistics() {}

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        long started = System.nanoTime();
        System.out.printf(Locale.ROOT, "Guardrail statistics: %d runs per row; latency log-normal, median %.0f ms, "
                + "sigma %.2f%n%n", runs, MEDIAN_MS, SIGMA);
        guardrails(runs);
        sampleRatio(runs);
        System.out.printf(Locale.ROOT, "%n(%.0f s)%n", (System.nanoTime() - started) / 1e9);
    }

    private static void guardrails(int runs) {
        System.out.println("1. p95 latency, relative to the control arm in the same window: pause when the ratio is above");
        System.out.println("   1.5 in 2 windows in a row (min_samples 30). Stable: both arms alike for 1,000 windows per run.");
        System.out.println("   Degraded: the treatment's latencies multiplied by the factor from window 1 on; delay = windows");
        System.out.println("   from the change to the pause, the pausing window included (at least 2).");
        System.out.println();
        System.out.printf(Locale.ROOT, "%-16s %-10s %18s %8s %6s %6s %6s %12s%n", "calls/arm/window", "factor",
                "false pauses/1000w", "paused", "p50", "p90", "max", "in 20 windows");
        JobSpec.Limit limit = new JobSpec.Limit(GuardrailMetric.LATENCY_P95_MS, null, null, 1.5, null, 60_000, 2, 30,
                GuardrailAction.PAUSE, false);
        for (int calls : new int[] {50, 200}) {
            RandomGenerator random = new Well19937c(1_000 + calls);
            long pauses = 0;
            long windows = 0;
            for (int run = 0; run < runs; run++) {
                GuardrailStreak streak = GuardrailStreak.NONE;
                for (int w = 0; w < 1000; w++) {
                    GuardrailRules.Step step = window(limit, streak, calls, 1.0, random);
                    pauses += step.acts() ? 1 : 0;
                    streak = step.next();
                    windows++;
                }
            }
            System.out.printf(Locale.ROOT, "%-16d %-10s %18.3f%n", calls, "1 (stable)", 1000.0 * pauses / windows);
            for (double factor : new double[] {1.25, 1.5, 2.0, 3.0}) {
                List<Integer> delays = new ArrayList<>();
                int within20 = 0;
                for (int run = 0; run < runs; run++) {
                    GuardrailStreak streak = GuardrailStreak.NONE;
                    for (int w = 1; w <= 200; w++) {
                        GuardrailRules.Step step = window(limit, streak, calls, factor, random);
                        streak = step.next();
                        if (step.acts()) {
                            delays.add(w);
                            within20 += w <= 20 ? 1 : 0;
                            break;
                        }
                    }
                }
                int[] sorted = delays.stream().mapToInt(Integer::intValue).sorted().toArray();
                System.out.printf(Locale.ROOT, "%-16d %-10s %18s %8s %6s %6s %6s %11.1f%%%n", calls, "x" + factor, "",
                        sorted.length + "/" + runs, rank(sorted, 0.5), rank(sorted, 0.9),
                        sorted.length == 0 ? "-" : Integer.toString(sorted[sorted.length - 1]), 100.0 * within20 / runs);
            }
        }
        System.out.println();
    }

    private static GuardrailRules.Step window(JobSpec.Limit limit, GuardrailStreak streak, int calls, double factor,
            RandomGenerator random) {
        Map<String, ArmWindow> windows = Map.of(
                "control", ArmWindow.of(calls(calls, 1.0, random), null),
                "treatment", ArmWindow.of(calls(calls, factor, random), null));
        GuardrailRules.Verdict verdict = GuardrailRules.judge(limit, "treatment", "control", windows);
        return GuardrailRules.step(streak, verdict.judged(), limit, false);
    }

    private static List<GuardrailSample> calls(int n, double factor, RandomGenerator random) {
        List<GuardrailSample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long latency = Math.round(factor * MEDIAN_MS * Math.exp(SIGMA * random.nextGaussian()));
            out.add(new GuardrailSample("e", "arm", 0, CallOutcome.OK, latency, null, null, null, null));
        }
        return out;
    }

    private static void sampleRatio(int runs) {
        double threshold = Math.log(1 / SampleRatioFunction.ALPHA);
        System.out.printf(Locale.ROOT, "2. Sample ratio mismatch (Dirichlet-multinomial Bayes factor, level %s, "
                + "concentration %.0f), checked every 100 units.%n", SampleRatioFunction.ALPHA,
                SampleRatioFunction.CONCENTRATION);
        System.out.println();
        System.out.printf(Locale.ROOT, "%-22s %-34s %10s %12s %12s %12s%n", "split", "case", "alarms", "p10 units",
                "p50 units", "p90 units");
        for (double[] split : new double[][] {{0.5, 0.5}, {0.25, 0.25, 0.5}}) {
            RandomGenerator random = new Well19937c(split.length * 7919L);
            int falseAlarms = 0;
            for (int run = 0; run < runs; run++) {
                if (unitsToAlarm(split, split, 100_000, threshold, random) > 0) {
                    falseAlarms++;
                }
            }
            System.out.printf(Locale.ROOT, "%-22s %-34s %5d/%-5d%n", Arrays.toString(split),
                    "no mismatch, 100,000 units", falseAlarms, runs);
            double[] dropped = split.clone();
            dropped[1] *= 0.98;
            double total = Arrays.stream(dropped).sum();
            for (int k = 0; k < dropped.length; k++) {
                dropped[k] /= total;
            }
            int detectionRuns = Math.max(1, runs / 5);
            List<Long> units = new ArrayList<>();
            for (int run = 0; run < detectionRuns; run++) {
                long at = unitsToAlarm(dropped, split, 5_000_000, threshold, random);
                if (at > 0) {
                    units.add(at);
                }
            }
            long[] sorted = units.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "%-22s %-34s %5d/%-5d %12s %12s %12s%n", Arrays.toString(split),
                    "2% of arm 2's units lost", sorted.length, detectionRuns, rank(sorted, 0.1), rank(sorted, 0.5),
                    rank(sorted, 0.9));
        }
    }

    /** Units until the test crosses its threshold (checked every 100 units), or 0 if it never does within {@code limit}. */
    private static long unitsToAlarm(double[] truth, double[] expected, long limit, double threshold,
            RandomGenerator random) {
        long[] counts = new long[truth.length];
        for (long unit = 1; unit <= limit; unit++) {
            double u = random.nextDouble();
            int k = 0;
            while (k < truth.length - 1 && u >= truth[k]) {
                u -= truth[k];
                k++;
            }
            counts[k]++;
            if (unit % 100 == 0 && SequentialMultinomialTest.logBayesFactor(counts, expected,
                    SampleRatioFunction.CONCENTRATION) >= threshold) {
                return unit;
            }
        }
        return 0;
    }

    private static String rank(int[] sorted, double p) {
        return sorted.length == 0 ? "-" : Integer.toString(sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)]);
    }

    private static String rank(long[] sorted, double p) {
        return sorted.length == 0 ? "-" : String.format(Locale.ROOT, "%,d",
                sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)]);
    }
}

package io.sluice.bench;

import io.sluice.core.drift.DriftDirection;
import io.sluice.core.drift.PageHinkley;
import io.sluice.core.drift.PageHinkleyState;
import io.sluice.core.event.AlertKind;
import io.sluice.core.judge.RubricScale;
import io.sluice.core.monitor.JudgeMonitor;
import io.sluice.core.monitor.JudgeMonitorSettings;
import io.sluice.core.monitor.JudgeMonitorState;
import io.sluice.core.monitor.LabelledPair;
import io.sluice.core.monitor.MonitorPhase;
import io.sluice.core.monitor.MonitorStep;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How fast the judge monitor notices a judge that starts to over-score by one point, and how often
 * it raises an alarm on a judge that does not: the drift-detection delay distribution against the
 * false-alarm rate on stable streams (the control, measured in the same run).
 *
 * <pre>java -cp bench/target/benchmarks.jar io.sluice.bench.JudgeDriftDetection [shift streams] [control streams] [control labels]</pre>
 *
 * <p>Two levels, each for the default settings and one alternative (δ = 0.5, λ = 10 on residuals):
 * <ol>
 *   <li><b>The detectors alone</b> on Gaussian residual streams, σ = 0.7 and 1 point: a shift of
 *       exactly +1 point in the mean residual after label 1,000; and stable streams through both
 *       Page–Hinkley tests (residual, two-sided; |residual|, increase), restarted after each alarm.
 *   <li><b>The whole {@link JudgeMonitor}</b> on a simulated judge: answers of true quality q
 *       uniform on 1 … 5, human labels q + N(0, 0.6²) rounded to a level, a harsh judge with raw
 *       score 1 + 0.8 (q − 1) + bias + N(0, s²) clamped to [1, 5], s = 0.35 or 0.7. The first
 *       calibration is fitted at label 100; the bias goes from 0 to +1 after label 1,000. At the top
 *       of the scale the clamp blunts the shift, so the calibrated residual moves by less than a
 *       point on average (printed). Control: the same judge without a shift; an alarm in it is
 *       false, and the labels it watched (every label outside the refit phase) are the denominator.
 * </ol>
 * Delay: labels from the shift to the alarm, the alarming label included (an alarm on the first
 * shifted label has delay 1). An alarm before the shift counts as a false alarm and the stream
 * goes on. Percentiles are nearest-rank. Streams are seeded 1 … n per scenario.
 */
public final class JudgeDriftDetection {
    private static final int SHIFT_AFTER = 1000;
    private static final double SHIFT = 1.0;
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final RubricScale SCALE = new RubricScale(1, 5);

    private JudgeDriftDetection() {}

    public static void main(String[] args) {
        int shiftStreams = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int controlStreams = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int controlLabels = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        JudgeMonitorSettings defaults = JudgeMonitorSettings.DEFAULTS;
        JudgeMonitorSettings alternative = new JudgeMonitorSettings(defaults.window(), defaults.firstFitPairs(),
                defaults.refitPairs(), 0.5, 10.0, defaults.absoluteResidualDelta(), defaults.absoluteResidualLambda(),
                defaults.recoveryPairs(), defaults.recoveryMaeMargin(), defaults.intervalLevel());
        JudgeMonitorSettings[] settings = {defaults, alternative};
        String[] names = {"default", "alternative"};

        System.out.printf(Locale.ROOT, "Shift of %+.0f point after label %,d; %,d shift streams; control: %,d streams × %,d labels%n",
                SHIFT, SHIFT_AFTER, shiftStreams, controlStreams, controlLabels);
        System.out.println();
        System.out.println("1. Page–Hinkley detectors alone, Gaussian residuals (control uses the same number of streams as the shift)");
        System.out.printf(Locale.ROOT, "%-12s %-22s %5s %8s %7s %5s %5s %5s %5s %11s %16s%n", "settings", "residual δ, λ", "σ",
                "detected", "mean", "p50", "p90", "p99", "max", "pre-shift", "alarms/10k ctrl");
        for (int c = 0; c < settings.length; c++) {
            for (double sigma : new double[] {0.7, 1.0}) {
                detectorsAlone(names[c], settings[c], sigma, shiftStreams, controlLabels);
            }
        }
        System.out.println();
        System.out.println("2. JudgeMonitor on a simulated judge (delay to the judge_drift alert; refit and recovery after the shift)");
        System.out.printf(Locale.ROOT, "%-12s %-6s %9s %8s %7s %5s %5s %5s %5s %9s %9s %10s %16s %9s%n", "settings",
                "noise", "Δresidual", "detected", "mean", "p50", "p90", "p99", "max", "pre-shift", "refit p50", "recovered",
                "alarms/10k ctrl", "sd ctrl");
        for (int c = 0; c < settings.length; c++) {
            for (double noise : new double[] {0.35, 0.7}) {
                monitor(names[c], settings[c], noise, shiftStreams, controlStreams, controlLabels);
            }
        }
    }

    private static void detectorsAlone(String name, JudgeMonitorSettings s, double sigma, int streams, int controlLabels) {
        long started = System.nanoTime();
        PageHinkley residual = new PageHinkley(s.residualDelta(), s.residualLambda(), DriftDirection.BOTH);
        PageHinkley absolute = new PageHinkley(s.absoluteResidualDelta(), s.absoluteResidualLambda(), DriftDirection.INCREASE);
        int[] delays = new int[streams];
        int detected = 0;
        int preShift = 0;
        for (int stream = 1; stream <= streams; stream++) {
            SplittableRandom random = new SplittableRandom(stream);
            PageHinkleyState r = PageHinkleyState.RESET;
            PageHinkleyState a = PageHinkleyState.RESET;
            for (int label = 1; label <= SHIFT_AFTER + 10_000; label++) {
                double x = (label > SHIFT_AFTER ? SHIFT : 0) + sigma * random.nextGaussian();
                r = residual.update(r, x);
                a = absolute.update(a, Math.abs(x));
                if (residual.alarm(r).isPresent() || absolute.alarm(a).isPresent()) {
                    if (label <= SHIFT_AFTER) {
                        preShift++;
                        r = PageHinkleyState.RESET;
                        a = PageHinkleyState.RESET;
                    } else {
                        delays[detected++] = label - SHIFT_AFTER;
                        break;
                    }
                }
            }
        }
        long alarms = 0;
        for (int stream = 1; stream <= streams; stream++) {
            SplittableRandom random = new SplittableRandom(1_000_000L + stream);
            PageHinkleyState r = PageHinkleyState.RESET;
            PageHinkleyState a = PageHinkleyState.RESET;
            for (int label = 1; label <= controlLabels; label++) {
                double x = sigma * random.nextGaussian();
                r = residual.update(r, x);
                a = absolute.update(a, Math.abs(x));
                if (residual.alarm(r).isPresent() || absolute.alarm(a).isPresent()) {
                    alarms++;
                    r = PageHinkleyState.RESET;
                    a = PageHinkleyState.RESET;
                }
            }
        }
        int[] d = Arrays.copyOf(delays, detected);
        Arrays.sort(d);
        double rate = alarms * 10_000.0 / ((long) streams * controlLabels);
        System.out.printf(Locale.ROOT, "%-12s %-22s %5.1f %8s %7.1f %5d %5d %5d %5d %11d %9.4f (%d)  [%.1f s]%n", name,
                String.format(Locale.ROOT, "%.2f, %.1f", s.residualDelta(), s.residualLambda()), sigma,
                detected + "/" + streams, mean(d), rank(d, 0.5), rank(d, 0.9), rank(d, 0.99), d[d.length - 1], preShift,
                rate, alarms, (System.nanoTime() - started) / 1e9);
    }

    private static void monitor(String name, JudgeMonitorSettings s, double noise, int shiftStreams, int controlStreams,
            int controlLabels) {
        long started = System.nanoTime();
        JudgeMonitor monitor = new JudgeMonitor(s);
        int[] delays = new int[shiftStreams];
        int[] refits = new int[shiftStreams];
        int[] recoveries = new int[shiftStreams];
        int detected = 0;
        int refitted = 0;
        int recovered = 0;
        int preShift = 0;
        double residualShift = 0;
        long shiftedLabels = 0;
        for (int stream = 1; stream <= shiftStreams; stream++) {
            World world = new World(stream);
            JudgeMonitorState state = monitor.start("judge", SCALE);
            boolean alarmed = false;
            for (int label = 1; label <= SHIFT_AFTER + 2_000; label++) {
                boolean shifted = label > SHIFT_AFTER;
                MonitorStep step = monitor.step(state, world.next(shifted ? SHIFT : 0, noise));
                if (shifted && !alarmed) {
                    // How far the shift moved the residual under the calibration then in force.
                    residualShift += step.residual() - world.lastExpectedResidual(monitor, state);
                    shiftedLabels++;
                }
                state = step.state();
                if (step.alert().isPresent() && step.alert().get().kind() == AlertKind.JUDGE_DRIFT) {
                    if (!shifted) {
                        preShift++;
                    } else if (!alarmed) {
                        alarmed = true;
                        delays[detected++] = label - SHIFT_AFTER;
                    }
                }
                if (alarmed && step.calibration().isPresent() && refits[stream - 1] == 0) {
                    refits[stream - 1] = label - SHIFT_AFTER;
                    refitted++;
                }
                if (alarmed && step.alert().isPresent() && step.alert().get().kind() == AlertKind.JUDGE_RECOVERED) {
                    recoveries[recovered++] = label - SHIFT_AFTER;
                    break;
                }
            }
        }

        long alarms = 0;
        long watched = 0;
        double sumOfSquares = 0;
        long residuals = 0;
        for (int stream = 1; stream <= controlStreams; stream++) {
            World world = new World(1_000_000L + stream);
            JudgeMonitorState state = monitor.start("judge", SCALE);
            for (int label = 1; label <= s.firstFitPairs() + controlLabels; label++) {
                boolean watching = state.phase() != MonitorPhase.DRIFTING;
                MonitorStep step = monitor.step(state, world.next(0, noise));
                state = step.state();
                if (label > s.firstFitPairs()) {
                    watched += watching ? 1 : 0;
                    sumOfSquares += step.residual() * step.residual();
                    residuals++;
                    if (step.alert().isPresent() && step.alert().get().kind() == AlertKind.JUDGE_DRIFT) {
                        alarms++;
                    }
                }
            }
        }
        int[] d = Arrays.copyOf(delays, detected);
        Arrays.sort(d);
        int[] f = Arrays.stream(refits).filter(x -> x > 0).sorted().toArray();
        int[] v = Arrays.copyOf(recoveries, recovered);
        Arrays.sort(v);
        System.out.printf(Locale.ROOT,
                "%-12s %-6.2f %+9.2f %8s %7.1f %5d %5d %5d %5d %9d %9d %10s %9.4f (%d)  %9.2f  [%.1f s]%n", name, noise,
                residualShift / shiftedLabels, detected + "/" + shiftStreams, mean(d), rank(d, 0.5), rank(d, 0.9),
                rank(d, 0.99), d[d.length - 1], preShift, rank(f, 0.5), "p50 " + rank(v, 0.5) + " (" + recovered + ")",
                alarms * 10_000.0 / watched, alarms, Math.sqrt(sumOfSquares / residuals),
                (System.nanoTime() - started) / 1e9);
    }

    private static double mean(int[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }

    /** Nearest-rank percentile of sorted values. */
    private static int rank(int[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
    }

    /** The simulated judge and annotators; the same model as the monitor's unit tests. */
    private static final class World {
        private final SplittableRandom random;
        private long emitted;
        private double lastUnshiftedRaw;
        private int lastLabel;

        World(long seed) {
            this.random = new SplittableRandom(seed);
        }

        LabelledPair next(double bias, double noise) {
            int quality = 1 + random.nextInt(5);
            int label = (int) Math.max(1, Math.min(5, Math.floor(quality + 0.6 * random.nextGaussian() + 0.5)));
            double error = noise * random.nextGaussian();
            double raw = Math.max(1, Math.min(5, 1 + 0.8 * (quality - 1) + bias + error));
            lastUnshiftedRaw = Math.max(1, Math.min(5, 1 + 0.8 * (quality - 1) + error));
            lastLabel = label;
            return new LabelledPair("bench", raw, label, T0.plusSeconds(emitted++));
        }

        /** The residual the last pair would have had without the shift, under the state's calibration. */
        double lastExpectedResidual(JudgeMonitor monitor, JudgeMonitorState state) {
            return monitor.score(state, lastUnshiftedRaw) - lastLabel;
        }
    }
}

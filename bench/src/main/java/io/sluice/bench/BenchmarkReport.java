package io.sluice.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the JMH benchmarks of this module in one run and prints each figure as a ratio to the
 * baseline measured in that same run: a fixed-split decision for decisions and propensities, a draw
 * from a distribution bound once to its generator for single draws.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.sluice.bench.BenchmarkReport [JMH options]</pre>
 *
 * JMH options (for example {@code -f 1 -wi 2 -i 3}) override the benchmarks' own settings.
 * Errors are JMH's 99.9% confidence half-widths; a ratio's error combines its two figures'
 * relative errors in quadrature.
 */
public final class BenchmarkReport {
    private BenchmarkReport() {}

    private record Figure(String benchmark, String arms, String observations, double score, double error,
            String unit) {
        double nanos() {
            return score * switch (unit) {
                case "ns/op" -> 1;
                case "us/op" -> 1e3;
                case "ms/op" -> 1e6;
                default -> throw new IllegalStateException("unexpected unit " + unit);
            };
        }

        double relativeError() {
            return error / score;
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = new OptionsBuilder()
                .parent(new CommandLineOptions(args))
                .include(DecisionBenchmark.class.getName())
                .include(PropensityBenchmark.class.getName())
                .include(SamplingBenchmark.class.getName())
                .build();
        Collection<RunResult> results = new Runner(options).run();
        List<Figure> figures = new ArrayList<>();
        for (RunResult run : results) {
            Result<?> primary = run.getPrimaryResult();
            String name = run.getParams().getBenchmark();
            figures.add(new Figure(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1),
                    run.getParams().getParam("arms"), run.getParams().getParam("observations"),
                    primary.getScore(), primary.getScoreError(), primary.getScoreUnit()));
        }
        print(figures);
    }

    private static void print(List<Figure> figures) throws RunnerException {
        System.out.println();
        System.out.println("Decision cost (baseline: FixedSplit.assign with the same number of arms)");
        System.out.printf(Locale.ROOT, "%-6s %-38s %18s %16s%n", "arms", "benchmark", "ns/decision", "× baseline");
        for (String arms : List.of("2", "10")) {
            Figure baseline = find(figures, "DecisionBenchmark.fixedSplit", arms, null);
            for (String benchmark : List.of("DecisionBenchmark.fixedSplit", "DecisionBenchmark.thompson")) {
                row(arms, find(figures, benchmark, arms, null), baseline);
            }
        }
        System.out.println();
        System.out.println("Exact propensities, once per posterior version (baseline: one fixed-split decision)");
        System.out.printf(Locale.ROOT, "%-6s %-38s %18s %16s%n", "arms", "outcomes per arm", "µs/policy",
                "× baseline");
        for (String arms : List.of("2", "10")) {
            Figure baseline = find(figures, "DecisionBenchmark.fixedSplit", arms, null);
            for (String observations : List.of("100", "100000")) {
                Figure f = find(figures, "PropensityBenchmark.exactPropensities", arms, observations);
                if (f != null && baseline != null) {
                    double ratio = f.nanos() / baseline.nanos();
                    System.out.printf(Locale.ROOT, "%-6s %-38s %9.1f ± %-6.1f %9.0f ± %-5.0f%n", arms, observations,
                            f.nanos() / 1e3, f.error() * f.nanos() / f.score() / 1e3, ratio,
                            ratio * Math.hypot(f.relativeError(), baseline.relativeError()));
                }
            }
        }
        System.out.println();
        System.out.println("One draw (baseline: a BetaDistribution bound once to a SplitMix64 generator)");
        System.out.printf(Locale.ROOT, "%-6s %-38s %18s %16s%n", "", "benchmark", "ns/draw", "× baseline");
        Figure drawBaseline = find(figures, "SamplingBenchmark.betaBoundOnce", null, null);
        for (String benchmark : List.of("SamplingBenchmark.betaBoundOnce", "SamplingBenchmark.betaBelief",
                "SamplingBenchmark.betaOnWell19937c", "SamplingBenchmark.studentTBelief",
                "SamplingBenchmark.studentTByInversion")) {
            row("", find(figures, benchmark, null, null), drawBaseline);
        }
    }

    private static void row(String arms, Figure f, Figure baseline) {
        if (f == null || baseline == null) {
            return;
        }
        double ratio = f.nanos() / baseline.nanos();
        System.out.printf(Locale.ROOT, "%-6s %-38s %9.1f ± %-6.1f %9.2f ± %-5.2f%n", arms, f.benchmark(), f.nanos(),
                f.error() * f.nanos() / f.score(), ratio, ratio * Math.hypot(f.relativeError(), baseline.relativeError()));
    }

    private static Figure find(List<Figure> figures, String benchmark, String arms, String observations) {
        for (Figure f : figures) {
            if (f.benchmark().equals(benchmark) && (arms == null || arms.equals(f.arms()))
                    && (observations == null || observations.equals(f.observations()))) {
                return f;
            }
        }
        return null;
    }
}

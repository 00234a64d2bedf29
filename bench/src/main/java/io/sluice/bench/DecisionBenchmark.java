package io.sluice.bench;

import io.sluice.core.assignment.Decision;
import io.sluice.core.assignment.FixedSplit;
import io.sluice.core.bandit.SplittableRandomGenerator;
import io.sluice.core.bandit.ThompsonPolicy;
import io.sluice.core.config.SluiceConfigReader;
import io.sluice.core.experiment.ExperimentSpec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one decision on the request path: a Thompson decision (one Beta draw per arm and the
 * argmax, with the exact propensity already cached) against the fixed split's (two SHA-256 hashes
 * of the unit), which is the baseline. The exploration floor is 0, so every Thompson decision
 * draws from every arm.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Thread)
public class DecisionBenchmark {
    private static final int UNITS = 1024;

    @Param({"2", "10"})
    public int arms;

    private FixedSplit split;
    private ThompsonPolicy policy;
    private SplittableRandomGenerator random;
    private String[] units;
    private int next;

    @Setup
    public void setUp() {
        StringBuilder armList = new StringBuilder();
        for (String name : Posteriors.names(arms)) {
            armList.append("      - {name: ").append(name).append(", model: m}\n");
        }
        ExperimentSpec spec = SluiceConfigReader.parse("""
                experiments:
                  - name: bench
                    arms:
                %s    reward: {signals: {thumbs_up: 1}}
                """.formatted(armList), "bench").experiments().get(0);
        split = new FixedSplit(spec);
        policy = ThompsonPolicy.of(Posteriors.names(arms), Posteriors.spread(arms, 1000), 0.0, "bench");
        random = new SplittableRandomGenerator(1L);
        units = new String[UNITS];
        for (int i = 0; i < UNITS; i++) {
            units[i] = "conversation-" + i;
        }
    }

    @Benchmark
    public Decision fixedSplit() {
        next = (next + 1) & (UNITS - 1);
        return split.assign(units[next]);
    }

    @Benchmark
    public Decision thompson() {
        return policy.choose(random);
    }
}

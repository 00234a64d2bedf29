package io.sluice.bench;

import io.sluice.core.bandit.ThompsonPolicy;
import io.sluice.core.posterior.ArmBelief;
import java.util.List;
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
 * The cost of building a Thompson policy, which integrates the exact propensities: paid once per
 * posterior version, off the request path. Early posteriors (100 outcomes per arm) are wide and
 * overlap; late ones (100,000 per arm) are narrow, and a Beta distribution function costs more to
 * evaluate as a + b grows.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class PropensityBenchmark {
    @Param({"2", "10"})
    public int arms;

    @Param({"100", "100000"})
    public int observations;

    private List<String> names;
    private List<ArmBelief> beliefs;

    @Setup
    public void setUp() {
        names = Posteriors.names(arms);
        beliefs = Posteriors.spread(arms, observations);
    }

    @Benchmark
    public ThompsonPolicy exactPropensities() {
        return ThompsonPolicy.of(names, beliefs, 0.0, "bench");
    }
}

package io.sluice.bench;

import io.sluice.core.bandit.SplittableRandomGenerator;
import io.sluice.core.posterior.BetaBelief;
import io.sluice.core.posterior.StudentTBelief;
import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One draw from a belief, to see where a decision's time goes: whether creating a commons-math3
 * distribution around each draw costs anything next to the draw itself (the baseline binds one
 * distribution to the generator once), what the generator costs (SplitMix64 against commons-math3's
 * default Well19937c), and what Student t draws cost by the normal/chi-square construction against
 * commons-math3's inversion of the distribution function.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SamplingBenchmark {
    private SplittableRandomGenerator random;
    private BetaBelief beta;
    private BetaDistribution boundBeta;
    private BetaDistribution wellBeta;
    private StudentTBelief t;
    private TDistribution invertedT;

    @Setup
    public void setUp() {
        random = new SplittableRandomGenerator(3L);
        beta = new BetaBelief(551, 451);
        boundBeta = new BetaDistribution(random, 551, 451);
        wellBeta = new BetaDistribution(new Well19937c(3), 551, 451);
        t = new StudentTBelief(0.6, 0.05, 12);
        invertedT = new TDistribution(random, 12);
    }

    @Benchmark
    public double betaBoundOnce() {
        return boundBeta.sample();
    }

    @Benchmark
    public double betaBelief() {
        return beta.sample(random);
    }

    @Benchmark
    public double betaOnWell19937c() {
        return wellBeta.sample();
    }

    @Benchmark
    public double studentTBelief() {
        return t.sample(random);
    }

    @Benchmark
    public double studentTByInversion() {
        return 0.6 + 0.05 * invertedT.sample();
    }
}

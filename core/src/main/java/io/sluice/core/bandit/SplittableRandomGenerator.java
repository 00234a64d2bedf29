package io.sluice.core.bandit;

import java.util.SplittableRandom;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * commons-math3's {@link RandomGenerator} over a {@link SplittableRandom}, so commons-math3's
 * samplers can draw from it: SplitMix64 is a few arithmetic operations per number, against the
 * Mersenne-Twister-family generators commons-math3 would otherwise create, and it passes BigCrush
 * (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014).
 *
 * <p><b>Not thread-safe, by design:</b> give each thread its own, made with {@link #split()} from
 * one seeded root, so decisions need no locking and a seeded run is reproducible.
 */
public final class SplittableRandomGenerator implements RandomGenerator {
    private SplittableRandom random;

    public SplittableRandomGenerator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** Seeded from the JDK's default seed generator. */
    public SplittableRandomGenerator() {
        this.random = new SplittableRandom();
    }

    private SplittableRandomGenerator(SplittableRandom random) {
        this.random = random;
    }

    /** A new generator for another thread, statistically independent of this one. */
    public SplittableRandomGenerator split() {
        return new SplittableRandomGenerator(random.split());
    }

    @Override
    public void setSeed(int seed) {
        random = new SplittableRandom(seed);
    }

    @Override
    public void setSeed(int[] seed) {
        long combined = 0;
        for (int s : seed) {
            combined = combined * 0x9E3779B97F4A7C15L + s;
        }
        random = new SplittableRandom(combined);
    }

    @Override
    public void setSeed(long seed) {
        random = new SplittableRandom(seed);
    }

    @Override
    public void nextBytes(byte[] bytes) {
        random.nextBytes(bytes);
    }

    @Override
    public int nextInt() {
        return random.nextInt();
    }

    @Override
    public int nextInt(int n) {
        return random.nextInt(n);
    }

    @Override
    public long nextLong() {
        return random.nextLong();
    }

    @Override
    public boolean nextBoolean() {
        return random.nextBoolean();
    }

    @Override
    public float nextFloat() {
        return random.nextFloat();
    }

    @Override
    public double nextDouble() {
        return random.nextDouble();
    }

    @Override
    public double nextGaussian() {
        return random.nextGaussian();
    }
}

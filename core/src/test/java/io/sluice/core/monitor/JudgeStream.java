package io.sluice.core.monitor;

import java.time.Instant;
import java.util.SplittableRandom;

/**
 * A seeded world of labelled pairs, one per second from {@link #T0}. Each answer has a true
 * quality level q, uniform on 1 … 5. Humans label it q + N(0, 0.6²), rounded to a level. The judge
 * is harsh, squeezing the scale into [1, 4.2]: raw = 1 + 0.8 (q − 1) + bias + N(0, noise²),
 * clamped to [1, 5]. Its bias is 0 until a test shifts it; a shift of +1 point makes it over-score
 * (blunted at the top, where the raw score clamps at 5). With these noises the calibrated residual
 * has a standard deviation of about 0.8 point.
 */
final class JudgeStream {
    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    static final String EXPERIMENT = "support-bot-prompts";

    private final SplittableRandom random;
    private long emitted;

    JudgeStream(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The next pair from a judge with this bias and raw-score noise. */
    LabelledPair next(double bias, double noise) {
        int quality = 1 + random.nextInt(5);
        int label = clamp(Math.floor(quality + 0.6 * random.nextGaussian() + 0.5));
        double raw = Math.max(1, Math.min(5, 1 + 0.8 * (quality - 1) + bias + noise * random.nextGaussian()));
        return new LabelledPair(EXPERIMENT, raw, label, T0.plusSeconds(emitted++));
    }

    /** The next pair from a judge that has stopped reading the answer: a raw score uniform on [1, 5]. */
    LabelledPair nextAtRandom() {
        int quality = 1 + random.nextInt(5);
        int label = clamp(Math.floor(quality + 0.6 * random.nextGaussian() + 0.5));
        return new LabelledPair(EXPERIMENT, 1 + 4 * random.nextDouble(), label, T0.plusSeconds(emitted++));
    }

    static Instant timeOf(long pairNumber) {
        return T0.plusSeconds(pairNumber - 1);
    }

    private static int clamp(double level) {
        return (int) Math.max(1, Math.min(5, level));
    }
}

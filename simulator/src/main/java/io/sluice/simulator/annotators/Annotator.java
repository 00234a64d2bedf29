package io.sluice.simulator.annotators;

import java.util.random.RandomGenerator;

/**
 * One simulated annotator: labels an answer from its true quality q on the scale, with their
 * own Gaussian error, as {@code clamp(round(min + q·(max − min) + noise·z))}.
 *
 * @param name  what the label's {@code annotator} field carries
 * @param noise standard deviation of the error, in scale points
 */
public record Annotator(String name, double noise) {
    public int label(double quality, int min, int max, RandomGenerator rng) {
        double grade = min + quality * (max - min) + noise * rng.nextGaussian();
        return (int) Math.max(min, Math.min(max, Math.round(grade)));
    }
}

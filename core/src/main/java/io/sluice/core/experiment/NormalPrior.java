package io.sluice.core.experiment;

/**
 * The Normal-Gamma prior of an arm's unbounded reward: the mean reward is believed to be
 * {@code mean}, worth {@code precision} observations; the reward's precision (1/variance) is
 * Gamma({@code shape}, {@code rate}). The default is weak: one pseudo-observation at 0.
 */
public record NormalPrior(double mean, double precision, double shape, double rate) {
    public static final NormalPrior WEAK = new NormalPrior(0.0, 1.0, 1.0, 1.0);
}

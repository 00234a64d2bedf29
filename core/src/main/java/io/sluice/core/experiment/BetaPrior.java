package io.sluice.core.experiment;

/** The Beta prior every arm starts from; (1, 1) is uniform over the success rate. */
public record BetaPrior(double alpha, double beta) {
    public static final BetaPrior UNIFORM = new BetaPrior(1.0, 1.0);
}

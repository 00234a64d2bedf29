package io.sluice.core.bandit;

import io.sluice.core.posterior.ArmBelief;
import java.util.List;

/**
 * For each arm, the probability that its draw is the largest when one value is drawn from every
 * arm's belief: Thompson sampling's probability of choosing it, and the Bayesian probability that
 * it is the best arm.
 *
 * @param beliefs the beliefs the probabilities were computed from, in arm order
 * @param probabilities P(arm k has the largest draw), in arm order, as integrated: they are not
 *     rescaled to sum to one, so {@link #total()} shows the numerical error that is left
 * @param truncationBound an upper bound on |Σ exact − Σ computed| from the mass each integral
 *     leaves out (belief tails, and arms dropped from a product where they are certainly below);
 *     computed from distribution functions, not estimated. Quadrature error comes on top
 * @param quadratureTolerance the loosest relative tolerance any piece of any integral was held to by
 *     the integrator's convergence test: 1e-12 unless the beliefs' own rounding noise forbade it
 * @param densityCorrection the largest relative correction applied to a term when its density,
 *     integrated over the term's range, was rescaled to the mass its distribution function gives
 *     there (see {@link ProbabilityOfBeingBest}); 1e-11 for a Beta(5000, 3000), and it grows with
 *     a Beta's a + b
 * @param evaluations how many times an integrand was evaluated, to compare the cost of belief shapes
 */
public record BestArmProbabilities(
        List<ArmBelief> beliefs,
        List<Double> probabilities,
        double truncationBound,
        double quadratureTolerance,
        double densityCorrection,
        long evaluations) {

    public BestArmProbabilities {
        beliefs = List.copyOf(beliefs);
        probabilities = List.copyOf(probabilities);
        if (beliefs.size() != probabilities.size()) {
            throw new IllegalArgumentException(beliefs.size() + " beliefs but " + probabilities.size() + " probabilities");
        }
    }

    public int arms() {
        return probabilities.size();
    }

    public double probability(int arm) {
        return probabilities.get(arm);
    }

    /** Σ P(k), which is 1 up to numerical error. */
    public double total() {
        double total = 0;
        for (double p : probabilities) {
            total += p;
        }
        return total;
    }
}

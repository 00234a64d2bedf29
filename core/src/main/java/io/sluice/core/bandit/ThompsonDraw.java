package io.sluice.core.bandit;

import io.sluice.core.posterior.ArmBelief;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * One round of Thompson sampling (Thompson 1933): one draw from every arm's belief, and the arm
 * whose draw is the largest. Immutable; the only state a round touches is the caller's generator.
 */
public final class ThompsonDraw {
    private final ArmBelief[] beliefs;

    public ThompsonDraw(List<? extends ArmBelief> beliefs) {
        if (beliefs.isEmpty()) {
            throw new IllegalArgumentException("at least one arm is needed");
        }
        this.beliefs = beliefs.toArray(ArmBelief[]::new);
    }

    /**
     * The index of the arm with the largest draw. Draws from continuous beliefs tie with
     * probability zero; a tie in floating point goes to the earlier arm.
     */
    public int choose(RandomGenerator random) {
        int best = 0;
        double largest = beliefs[0].sample(random);
        for (int k = 1; k < beliefs.length; k++) {
            double draw = beliefs[k].sample(random);
            if (draw > largest) {
                largest = draw;
                best = k;
            }
        }
        return best;
    }

    public int arms() {
        return beliefs.length;
    }
}

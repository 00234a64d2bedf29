package io.sluice.bench;

import io.sluice.core.posterior.ArmBelief;
import io.sluice.core.posterior.BetaBelief;
import java.util.ArrayList;
import java.util.List;

/**
 * The posteriors the benchmarks decide with: K Beta arms whose success rates are spread evenly
 * over the demo's range, [0.45, 0.70], each after the same number of 0/1 outcomes from a Beta(1, 1)
 * prior at its expected count of successes.
 */
final class Posteriors {
    private Posteriors() {}

    static List<ArmBelief> spread(int arms, int observations) {
        List<ArmBelief> beliefs = new ArrayList<>(arms);
        for (int i = 0; i < arms; i++) {
            double rate = 0.45 + 0.25 * i / Math.max(1, arms - 1);
            double successes = Math.rint(rate * observations);
            beliefs.add(new BetaBelief(1 + successes, 1 + observations - successes));
        }
        return beliefs;
    }

    static List<String> names(int arms) {
        List<String> names = new ArrayList<>(arms);
        for (int i = 0; i < arms; i++) {
            names.add("arm" + i);
        }
        return names;
    }
}

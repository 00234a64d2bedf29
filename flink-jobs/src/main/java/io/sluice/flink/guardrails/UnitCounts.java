package io.sluice.flink.guardrails;

import io.sluice.core.stats.SequentialMultinomialTest;
import java.util.Map;
import java.util.TreeMap;

/**
 * The units whose first exposure was decided under one policy version: per arm, how many, and the
 * probability the version gave the arm (logged with each of them: one value per arm and version);
 * with the version's log Bayes factor so far ({@link SequentialMultinomialTest}).
 *
 * <p>The Bayes factor needs only the arms seen: an arm without units adds nothing to it, so the
 * probabilities of the arms a version has not chosen yet are never needed; this is what lets it
 * test Thompson sampling, whose exposures log only the chosen arm's probability.
 */
public record UnitCounts(Map<String, Long> units, Map<String, Double> propensities, double logBayesFactor) {
    static final UnitCounts NONE = new UnitCounts(Map.of(), Map.of(), 0);

    /** With one more unit on {@code arm}, given that probability by the version. */
    UnitCounts plus(String arm, double propensity, double concentration) {
        Map<String, Long> moreUnits = new TreeMap<>(units);
        moreUnits.merge(arm, 1L, Long::sum);
        Map<String, Double> morePropensities = new TreeMap<>(propensities);
        morePropensities.putIfAbsent(arm, propensity);
        long[] n = new long[moreUnits.size()];
        double[] p = new double[moreUnits.size()];
        int k = 0;
        for (Map.Entry<String, Long> entry : moreUnits.entrySet()) {
            n[k] = entry.getValue();
            p[k] = morePropensities.get(entry.getKey());
            k++;
        }
        return new UnitCounts(moreUnits, morePropensities,
                SequentialMultinomialTest.logBayesFactor(n, p, concentration));
    }
}

package io.sluice.core.analysis;

import java.util.Map;

/**
 * How much reward a sequence of decisions gave up against always choosing the best arm (the
 * oracle), and how a uniform split would have fared on the same number of decisions, from each
 * arm's expected reward.
 *
 * @param decisions how many decisions were counted
 * @param regret Σ over decisions of (μ* − μ of the arm chosen)
 * @param uniformRegret the expected regret of a uniform split over as many decisions:
 *     decisions · (μ* − mean of the μ)
 * @param bestArm the arm with the highest expected reward
 */
public record RegretReadout(long decisions, double regret, double uniformRegret, String bestArm) {

    /**
     * @param decisionsByArm how often each arm was chosen
     * @param expectedReward each arm's expected reward (μ); every arm must have one
     */
    public static RegretReadout of(Map<String, Long> decisionsByArm, Map<String, Double> expectedReward) {
        if (expectedReward.isEmpty()) {
            throw new IllegalArgumentException("no arm has an expected reward");
        }
        String best = null;
        for (Map.Entry<String, Double> e : expectedReward.entrySet()) {
            if (best == null || e.getValue() > expectedReward.get(best)) {
                best = e.getKey();
            }
        }
        double bestMean = expectedReward.get(best);
        double meanOfMeans = expectedReward.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        long decisions = 0;
        double regret = 0;
        for (Map.Entry<String, Long> e : decisionsByArm.entrySet()) {
            Double mu = expectedReward.get(e.getKey());
            if (mu == null) {
                throw new IllegalArgumentException("no expected reward for arm " + e.getKey());
            }
            decisions += e.getValue();
            regret += e.getValue() * (bestMean - mu);
        }
        return new RegretReadout(decisions, regret, decisions * (bestMean - meanOfMeans), best);
    }

    /** Regret as a fraction of the uniform split's: below 1 means the policy did better. */
    public double ratioToUniform() {
        return uniformRegret == 0 ? Double.NaN : regret / uniformRegret;
    }
}

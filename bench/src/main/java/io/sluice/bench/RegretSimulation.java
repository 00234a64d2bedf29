package io.sluice.bench;

import io.sluice.core.bandit.SplittableRandomGenerator;
import io.sluice.core.bandit.ThompsonDraw;
import io.sluice.core.posterior.ArmBelief;
import io.sluice.core.posterior.BetaBelief;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Thompson sampling's regret on a Bernoulli bandit whose rewards arrive late, against the
 * Lai–Robbins lower bound and a uniform split, all computed in the same run.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.sluice.bench.RegretSimulation [seeds] [horizon]</pre>
 *
 * <p>The instance is the demo's three arms, μ = (0.45, 0.55, 0.70). Each decision draws once from
 * every arm's Beta posterior (Beta(1, 1) priors) and plays the argmax ({@link ThompsonDraw}, the
 * procedure {@code ThompsonPolicy} uses, without floor). A reward is revealed D decisions after
 * its own: when deciding at step t the posteriors hold the rewards of steps 1 … t − D − 1 only,
 * the pending ones being what an attribution window holds back. D = 0 is the classic bandit.
 *
 * <p>Regret is the pseudo-regret Σ_t (μ* − μ_{a_t}), which removes the reward noise and leaves
 * the policy's; it is averaged over seeds, with its standard error. The bounds:
 * <ul>
 *   <li>Lai and Robbins (1985): any uniformly good policy has
 *       lim inf R(T) / ln T ≥ Σ_{k: Δ_k > 0} Δ_k / KL(μ_k ‖ μ*), with the Bernoulli
 *       KL(p ‖ q) = p ln(p/q) + (1 − p) ln((1 − p)/(1 − q)). It is asymptotic: finite-horizon
 *       regret sits above it by lower-order terms, and delays add more (Joulani et al. 2013).
 *   <li>A uniform split's expected regret: T · (μ* − mean μ).
 * </ul>
 */
public final class RegretSimulation {
    private static final double[] MEANS = {0.45, 0.55, 0.70};
    private static final int[] DELAYS = {0, 1_000, 10_000};
    private static final long[] CHECKPOINTS = {1_000, 10_000, 100_000};

    private RegretSimulation() {}

    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int horizon = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        double best = Arrays.stream(MEANS).max().orElseThrow();
        double laiRobbinsConstant = 0;
        for (double mu : MEANS) {
            if (mu < best) {
                laiRobbinsConstant += (best - mu) / bernoulliKl(mu, best);
            }
        }
        double meanGap = best - Arrays.stream(MEANS).average().orElseThrow();

        System.out.printf(Locale.ROOT, "Bernoulli arms μ = %s, Beta(1, 1) priors, T = %,d, %d seeds%n",
                Arrays.toString(MEANS), horizon, seeds);
        System.out.printf(Locale.ROOT, "Lai–Robbins constant Σ Δ/KL = %.4f; bound at T: %.2f; uniform split at T: %.1f%n",
                laiRobbinsConstant, laiRobbinsConstant * Math.log(horizon), horizon * meanGap);
        System.out.println();
        System.out.printf(Locale.ROOT, "%-8s %-10s %22s %14s %14s %14s%n", "delay D", "t", "regret ± s.e.",
                "Lai–Robbins", "× L–R bound", "× uniform");
        for (int delay : DELAYS) {
            long started = System.nanoTime();
            List<double[]> runs = new ArrayList<>();
            for (int seed = 1; seed <= seeds; seed++) {
                runs.add(run(horizon, delay, seed));
            }
            for (int c = 0; c < CHECKPOINTS.length; c++) {
                long t = CHECKPOINTS[c];
                if (t > horizon) {
                    continue;
                }
                double[] atT = new double[seeds];
                for (int s = 0; s < seeds; s++) {
                    atT[s] = runs.get(s)[c];
                }
                double mean = Arrays.stream(atT).average().orElseThrow();
                double sd = Math.sqrt(Arrays.stream(atT).map(x -> (x - mean) * (x - mean)).sum() / (seeds - 1));
                double se = sd / Math.sqrt(seeds);
                double bound = laiRobbinsConstant * Math.log(t);
                double uniform = t * meanGap;
                System.out.printf(Locale.ROOT, "%-8d %-10d %13.2f ± %-6.2f %14.2f %7.2f ± %-5.2f %8.4f ± %-6.4f%n",
                        delay, t, mean, se, bound, mean / bound, se / bound, mean / uniform, se / uniform);
            }
            int last = CHECKPOINTS.length - 1;
            if (CHECKPOINTS[last] <= horizon) {
                // The bound is on the growth rate: compare the regret added over the last decade of t.
                double[] growth = new double[seeds];
                for (int s = 0; s < seeds; s++) {
                    growth[s] = runs.get(s)[last] - runs.get(s)[last - 1];
                }
                double mean = Arrays.stream(growth).average().orElseThrow();
                double sd = Math.sqrt(Arrays.stream(growth).map(x -> (x - mean) * (x - mean)).sum() / (seeds - 1));
                System.out.printf(Locale.ROOT,
                        "         regret added from t = %,d to %,d: %.2f ± %.2f; Lai–Robbins growth over it: %.2f%n",
                        CHECKPOINTS[last - 1], CHECKPOINTS[last], mean, sd / Math.sqrt(seeds),
                        laiRobbinsConstant * Math.log((double) CHECKPOINTS[last] / CHECKPOINTS[last - 1]));
            }
            System.out.printf(Locale.ROOT, "         (%d runs in %.1f s)%n", seeds, (System.nanoTime() - started) / 1e9);
        }
    }

    /** One run's pseudo-regret at each checkpoint. */
    private static double[] run(int horizon, int delay, long seed) {
        SplittableRandomGenerator root = new SplittableRandomGenerator(seed);
        SplittableRandomGenerator policyRandom = root.split();
        SplittableRandomGenerator world = root.split();
        int arms = MEANS.length;
        double best = Arrays.stream(MEANS).max().orElseThrow();
        double[] successes = new double[arms];
        double[] failures = new double[arms];
        ArmBelief[] beliefs = new ArmBelief[arms];
        for (int k = 0; k < arms; k++) {
            beliefs[k] = new BetaBelief(1, 1);
        }
        ThompsonDraw draw = new ThompsonDraw(List.of(beliefs));
        int[] pendingArm = new int[delay + 1];
        boolean[] pendingReward = new boolean[delay + 1];
        double regret = 0;
        double[] atCheckpoints = new double[CHECKPOINTS.length];
        int checkpoint = 0;
        for (int t = 1; t <= horizon; t++) {
            int arm = draw.choose(policyRandom);
            regret += best - MEANS[arm];
            boolean reward = world.nextDouble() < MEANS[arm];
            // The reward of step t is learned after step t + D has been decided.
            int slot = t % (delay + 1);
            pendingArm[slot] = arm;
            pendingReward[slot] = reward;
            int revealed = (t + 1) % (delay + 1);
            if (t > delay) {
                int k = pendingArm[revealed];
                if (pendingReward[revealed]) {
                    successes[k]++;
                } else {
                    failures[k]++;
                }
                beliefs[k] = new BetaBelief(1 + successes[k], 1 + failures[k]);
                draw = new ThompsonDraw(List.of(beliefs));
            }
            if (checkpoint < CHECKPOINTS.length && t == CHECKPOINTS[checkpoint]) {
                atCheckpoints[checkpoint++] = regret;
            }
        }
        return atCheckpoints;
    }

    private static double bernoulliKl(double p, double q) {
        return p * Math.log(p / q) + (1 - p) * Math.log((1 - p) / (1 - q));
    }
}

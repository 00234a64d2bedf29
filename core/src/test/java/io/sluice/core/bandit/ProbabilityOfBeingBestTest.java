package io.sluice.core.bandit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sluice.core.posterior.ArmBelief;
import io.sluice.core.posterior.BetaBelief;
import io.sluice.core.posterior.StudentTBelief;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.special.Beta;
import org.junit.jupiter.api.Test;

class ProbabilityOfBeingBestTest {
    /** The accuracy asked of the propensities. The integrals reach ~1e-13 in most cases below. */
    private static final double EXACT = 1e-9;

    private static BestArmProbabilities compute(List<? extends ArmBelief> beliefs) {
        return new ProbabilityOfBeingBest(beliefs).compute();
    }

    private static BetaBelief beta(double alpha, double beta) {
        return new BetaBelief(alpha, beta);
    }

    private static StudentTBelief t(double location, double scale, double degreesOfFreedom) {
        return new StudentTBelief(location, scale, degreesOfFreedom);
    }

    /** Equal in distribution to the belief it wraps but not equal to it, so it gets its own integral. */
    private static ArmBelief lookalike(ArmBelief belief) {
        return new ArmBelief() {
            public double density(double x) {
                return belief.density(x);
            }

            public double cumulativeProbability(double x) {
                return belief.cumulativeProbability(x);
            }

            public double inverseCumulativeProbability(double p) {
                return belief.inverseCumulativeProbability(p);
            }

            public double sample(RandomGenerator random) {
                return belief.sample(random);
            }

            public double mean() {
                return belief.mean();
            }

            public double supportLowerBound() {
                return belief.supportLowerBound();
            }

            public double supportUpperBound() {
                return belief.supportUpperBound();
            }
        };
    }

    /**
     * Evan Miller, "Formulas for Bayesian A/B Testing" (2015): for integer α_B,
     * P(p_B > p_A) = Σ_{i=0}^{α_B−1} B(α_A+i, β_A+β_B) / ((β_B+i) B(1+i, β_B) B(α_A, β_A)).
     */
    private static double evanMiller(int alphaA, int betaA, int alphaB, int betaB) {
        double sum = 0;
        for (int i = 0; i < alphaB; i++) {
            sum += Math.exp(Beta.logBeta(alphaA + i, betaA + betaB) - Math.log(betaB + i)
                    - Beta.logBeta(1 + i, betaB) - Beta.logBeta(alphaA, betaA));
        }
        return sum;
    }

    @Test
    void probabilitiesSumToOneForFlatPeakedAndMixedBetaBeliefs() {
        List<List<ArmBelief>> cases = new ArrayList<>();
        cases.add(List.of(beta(1, 1), beta(2, 1)));
        cases.add(List.of(beta(5000, 3000), beta(5010, 2990), beta(4990, 3010)));
        cases.add(List.of(beta(1, 1), beta(5000, 3000)));
        cases.add(List.of(beta(0.5, 0.5), beta(1.5, 0.5), beta(0.5, 2.5)));
        List<ArmBelief> ten = new ArrayList<>();
        List<ArmBelief> tenPeaked = new ArrayList<>();
        List<ArmBelief> twentyMixed = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ten.add(beta(1 + 3 * i, 30 - 2 * i));
            tenPeaked.add(beta(5000 + 7 * i, 3000 - 7 * i));
        }
        for (int i = 0; i < 20; i++) {
            twentyMixed.add(i % 2 == 0 ? beta(1 + i, 21 - i) : beta(1000 + 40 * i, 1000));
        }
        cases.add(ten);
        cases.add(tenPeaked);
        cases.add(twentyMixed);

        for (List<ArmBelief> beliefs : cases) {
            BestArmProbabilities result = compute(beliefs);
            assertThat(result.total()).as("Σ P(k) for %s", beliefs).isCloseTo(1.0, within(EXACT));
            assertThat(result.probabilities()).allSatisfy(p -> assertThat(p).isBetween(0.0, 1.0));
        }
    }

    @Test
    void probabilitiesSumToOneForHeavyTailedStudentTBeliefs() {
        List<List<ArmBelief>> cases = new ArrayList<>();
        for (double df : new double[] {1, 2, 3, 30}) {
            cases.add(List.of(t(0, 1, df), t(0.7, 0.2, df)));
        }
        List<ArmBelief> ten = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ten.add(t(0.1 * i, 1 + 0.1 * i, 2 + i));
        }
        cases.add(ten);
        cases.add(List.of(t(0, 1e-3, 2), t(1e-4, 10, 1), t(-5, 0.5, 200)));

        for (List<ArmBelief> beliefs : cases) {
            assertThat(compute(beliefs).total()).as("Σ P(k) for %s", beliefs).isCloseTo(1.0, within(EXACT));
        }
    }

    @Test
    void armsWithIdenticalPosteriorsShareTheProbabilityEqually() {
        for (ArmBelief belief : List.of(beta(1, 1), beta(5000, 3000), beta(0.5, 0.5), t(3, 2, 2), t(0, 1, 1))) {
            for (int k : new int[] {2, 3, 7}) {
                BestArmProbabilities result = compute(Collections.nCopies(k, belief));
                assertThat(result.probabilities()).allSatisfy(p -> assertThat(p).isEqualTo(1.0 / k, within(EXACT)));
            }
        }
    }

    @Test
    void identicalPosteriorsGiveOneOverKEvenWhenEachIsIntegratedOnItsOwn() {
        // Equal beliefs share an integral; these are only equal in distribution, so each arm's
        // integral is computed and the symmetry is the quadrature's own.
        for (ArmBelief belief : List.of(beta(1, 1), beta(5000, 3000), beta(0.5, 0.5), t(3, 2, 2), t(0, 1, 30))) {
            for (int k : new int[] {2, 3, 7}) {
                List<ArmBelief> beliefs = new ArrayList<>();
                for (int i = 0; i < k; i++) {
                    beliefs.add(lookalike(belief));
                }
                BestArmProbabilities result = compute(beliefs);
                assertThat(result.probabilities()).as("%d copies of %s", k, belief)
                        .allSatisfy(p -> assertThat(p).isEqualTo(1.0 / k, within(EXACT)));
            }
        }
    }

    @Test
    void twoIntegerBetaArmsMatchEvanMillersClosedForm() {
        int[][] cases = {
            {1, 1, 2, 1}, {5, 3, 6, 2}, {50, 30, 55, 28}, {200, 300, 20, 10}, {1, 1, 5000, 3000},
            {5000, 3000, 5010, 2990}, {120, 880, 135, 865}, {3, 40, 1, 1}};
        for (int[] c : cases) {
            BestArmProbabilities result = compute(List.of(beta(c[0], c[1]), beta(c[2], c[3])));

            double closedForm = evanMiller(c[0], c[1], c[2], c[3]);
            assertThat(result.probability(1)).as("P(Beta(%d,%d) > Beta(%d,%d))", c[2], c[3], c[0], c[1])
                    .isCloseTo(closedForm, within(EXACT));
            assertThat(result.probability(0)).isCloseTo(1 - closedForm, within(EXACT));
        }
    }

    @Test
    void twoStudentTBeliefsWithTheSameLocationAreEvenOdds() {
        // X − Y is symmetric about 0 whatever the scales and degrees of freedom.
        double[][] cases = {{1, 1, 1, 1}, {1, 2, 0.1, 30}, {5, 1, 0.01, 1}, {0.3, 4, 3, 2.5}};
        for (double[] c : cases) {
            BestArmProbabilities result = compute(List.of(t(2.5, c[0], c[1]), t(2.5, c[2], c[3])));

            assertThat(result.probability(0)).isCloseTo(0.5, within(EXACT));
            assertThat(result.probability(1)).isCloseTo(0.5, within(EXACT));
        }
    }

    @Test
    void twoCauchyBeliefsMatchTheArctangentClosedForm() {
        // A t with one degree of freedom is a Cauchy; the difference of independent Cauchys is a
        // Cauchy with the locations subtracted and the scales added, so
        // P(Y > X) = 1/2 + arctan((μ_Y − μ_X) / (s_X + s_Y)) / π. Tails as heavy as a belief gets.
        double[][] cases = {{0, 1, 0.7, 0.2}, {0, 1, 10, 1}, {-3, 0.01, 3, 5}, {1e3, 2, 1e3 + 1, 1e-3}};
        for (double[] c : cases) {
            BestArmProbabilities result = compute(List.of(t(c[0], c[1], 1), t(c[2], c[3], 1)));

            double closedForm = 0.5 + Math.atan((c[2] - c[0]) / (c[1] + c[3])) / Math.PI;
            assertThat(result.probability(1)).isCloseTo(closedForm, within(EXACT));
        }
    }

    @Test
    void threeArmsMatchAnIndependentHighPrecisionComputation() {
        // References computed outside Java. mpmath 1.3, 30 significant digits:
        //   mp.quad(lambda x: f_k(x) * prod(F_j(x) for j != k), breakpoints) with
        //   f, F from mp.beta / mp.betainc(regularized=True) or the t density and its incomplete-beta CDF.
        // SciPy 1.17 (Boost's ibeta), quad with epsrel 1e-13 between every arm's quantiles, for the
        // peaked Betas, whose parameters are beyond mpmath's betainc.
        record Case(List<ArmBelief> beliefs, double[] reference) {}
        List<Case> cases = List.of(
                new Case(List.of(beta(1, 1), beta(3, 2), beta(10, 8)),
                        new double[] {0.32614870509607351713, 0.42406015037593984962, 0.24979114452798663325}),
                new Case(List.of(beta(0.5, 0.5), beta(1.5, 0.5), beta(0.5, 2.5)),
                        new double[] {0.29111617348235926056, 0.68514299875811725929, 0.023740827759523476144}),
                new Case(List.of(t(0, 1, 2), t(0.5, 0.5, 3), t(0.2, 2, 1)),
                        new double[] {0.23375367275044635206, 0.36442169311664461133, 0.4018246341329090366}),
                new Case(List.of(beta(5000, 3000), beta(5010, 2990), beta(4990, 3010)),
                        new double[] {0.32605680346323296, 0.4334455798952548, 0.24049761664150693}),
                new Case(List.of(beta(1e6, 1e6), beta(1_001_000, 999_000), beta(1_000_600, 999_400)),
                        new double[] {0.09057828382550083, 0.6009251836993817, 0.30849653247516196}));
        for (Case c : cases) {
            BestArmProbabilities result = compute(c.beliefs());
            for (int k = 0; k < 3; k++) {
                assertThat(result.probability(k)).as("arm %d of %s", k, c.beliefs())
                        .isCloseTo(c.reference()[k], within(EXACT));
            }
        }
    }

    @Test
    void aDensityWhoseNormalisingConstantLostDigitsIsRescaledAndTheRescalingReported() {
        // commons-math3's Beta(10⁶, 10⁶) density integrates to 1 + ~3e-9: the result says so.
        BestArmProbabilities huge = compute(List.of(beta(1e6, 1e6), beta(1_001_000, 999_000)));
        BestArmProbabilities small = compute(List.of(beta(3, 5), beta(4, 4)));

        assertThat(huge.densityCorrection()).isBetween(1e-10, 1e-7);
        assertThat(huge.total()).isCloseTo(1.0, within(EXACT));
        assertThat(small.densityCorrection()).isLessThan(1e-12);
        assertThat(small.quadratureTolerance()).isEqualTo(1e-12);
    }

    @Test
    void anArmThatCanEssentiallyNeverWinGetsNoMoreThanItsBound() {
        // Beta(3000, 7000) lives near 0.3, Beta(700, 300) near 0.7: about 40 standard deviations apart.
        BestArmProbabilities result = compute(List.of(beta(700, 300), beta(3000, 7000), beta(1, 1)));

        assertThat(result.probability(1)).isBetween(0.0, 1e-12);
        assertThat(result.probability(0)).isCloseTo(1 - result.probability(2), within(EXACT));
        // A uniform arm beats Beta(700, 300) with probability E[1 − X] = 0.3 (the uniform's F is x).
        assertThat(result.probability(2)).isCloseTo(0.3, within(EXACT));
        assertThat(result.truncationBound()).isLessThan(1e-11);
    }

    @Test
    void massThatDoublesCannotResolveNextToOneIsBoundedNotHidden() {
        // Three arms with β < 1 each put ~10⁻³ of their mass within 1e-10 of 1, where the
        // integration stops; who wins up there is only bounded, and the bound says how much.
        BestArmProbabilities result = compute(List.of(beta(3.3, 0.3), beta(1.6, 0.3), beta(1.0, 0.3),
                beta(5570, 7625)));

        assertThat(result.truncationBound()).isGreaterThan(1e-9).isLessThan(1e-4);
        assertThat(Math.abs(result.total() - 1)).isLessThanOrEqualTo(result.truncationBound() + EXACT);
    }

    @Test
    void oneArmAloneIsChosenForSure() {
        assertThat(compute(List.of(beta(2, 9))).probabilities()).containsExactly(1.0);
    }
}

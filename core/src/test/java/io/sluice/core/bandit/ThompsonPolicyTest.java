package io.sluice.core.bandit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sluice.core.assignment.Decision;
import io.sluice.core.config.SluiceConfigReader;
import io.sluice.core.event.PosteriorSnapshot;
import io.sluice.core.experiment.BetaPrior;
import io.sluice.core.experiment.ExperimentSpec;
import io.sluice.core.posterior.ArmBelief;
import io.sluice.core.posterior.ArmPosterior;
import io.sluice.core.posterior.BetaBelief;
import io.sluice.core.posterior.StudentTBelief;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThompsonPolicyTest {
    /**
     * Monte-Carlo checks allow five binomial standard errors, √(p(1 − p)/n), per arm: with the
     * seeds fixed they are deterministic, and a correct policy would fail one with probability
     * ~6·10⁻⁷ per arm were the seed drawn afresh.
     */
    private static final double SIGMAS = 5;

    private static final List<String> ABC = List.of("a", "b", "c");

    private static void assertFrequenciesMatch(long[] counts, int n, List<Double> expected) {
        for (int k = 0; k < counts.length; k++) {
            double p = expected.get(k);
            double standardError = Math.sqrt(p * (1 - p) / n);
            assertThat((double) counts[k] / n).as("share of arm %d, expected %s", k, p)
                    .isCloseTo(p, within(SIGMAS * standardError + 1e-12));
        }
    }

    @Test
    void independentDrawsPickEachArmAsOftenAsItsExactProbability() {
        List<ArmBelief> beliefs = List.of(new BetaBelief(12, 20), new BetaBelief(15, 18), new BetaBelief(3, 4));
        BestArmProbabilities exact = new ProbabilityOfBeingBest(beliefs).compute();
        ThompsonDraw draw = new ThompsonDraw(beliefs);
        SplittableRandomGenerator random = new SplittableRandomGenerator(20261123L);
        int n = 1_000_000;
        long[] counts = new long[3];
        for (int i = 0; i < n; i++) {
            counts[draw.choose(random)]++;
        }

        assertFrequenciesMatch(counts, n, exact.probabilities());
    }

    @Test
    void studentTDrawsPickEachArmAsOftenAsItsExactProbability() {
        List<ArmBelief> beliefs = List.of(new StudentTBelief(0, 1, 2), new StudentTBelief(0.5, 0.5, 3),
                new StudentTBelief(0.2, 2, 1));
        BestArmProbabilities exact = new ProbabilityOfBeingBest(beliefs).compute();
        ThompsonDraw draw = new ThompsonDraw(beliefs);
        SplittableRandomGenerator random = new SplittableRandomGenerator(7L);
        int n = 300_000;
        long[] counts = new long[3];
        for (int i = 0; i < n; i++) {
            counts[draw.choose(random)]++;
        }

        assertFrequenciesMatch(counts, n, exact.probabilities());
    }

    @Test
    void withAnExplorationFloorThePolicysOwnChoicesMatchItsReportedPropensities() {
        List<ArmBelief> beliefs = List.of(new BetaBelief(40, 60), new BetaBelief(55, 45), new BetaBelief(52, 48),
                new BetaBelief(5, 95));
        ThompsonPolicy policy = ThompsonPolicy.of(List.of("a", "b", "c", "d"), beliefs, 0.05, "v1");
        SplittableRandomGenerator random = new SplittableRandomGenerator(42L);
        int n = 1_000_000;
        long[] counts = new long[4];
        for (int i = 0; i < n; i++) {
            Decision d = policy.choose(random);
            counts[d.arm().charAt(0) - 'a']++;
        }

        assertThat(policy.propensities().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-9));
        assertThat(policy.propensity("d")).as("an arm that never wins the draw keeps the floor")
                .isCloseTo(0.05, within(1e-12));
        assertFrequenciesMatch(counts, n, policy.propensities());
    }

    @Test
    void theFloorMixesUniformChoiceWithTheDraw() {
        List<ArmBelief> beliefs = List.of(new BetaBelief(3, 5), new BetaBelief(4, 4), new BetaBelief(6, 2));
        ThompsonPolicy policy = ThompsonPolicy.of(ABC, beliefs, 0.1, "v");
        BestArmProbabilities p = policy.bestArmProbabilities();

        for (int k = 0; k < 3; k++) {
            assertThat(policy.propensities().get(k)).isCloseTo(0.1 + 0.7 * p.probability(k), within(1e-15));
        }
    }

    @Test
    void anOverwhelminglyBetterArmTakesAlmostEverythingButTheFloorKeepsTheOthersAlive() {
        List<ArmBelief> beliefs = List.of(new BetaBelief(100, 900), new BetaBelief(900, 100), new BetaBelief(120, 880));
        ThompsonPolicy withoutFloor = ThompsonPolicy.of(ABC, beliefs, 0.0, "v");
        ThompsonPolicy withFloor = ThompsonPolicy.of(ABC, beliefs, 0.02, "v");

        assertThat(withoutFloor.propensity("b")).isCloseTo(1.0, within(1e-12));
        assertThat(withoutFloor.propensity("a")).isBetween(0.0, 1e-12);
        assertThat(withFloor.propensity("a")).isCloseTo(0.02, within(1e-12)).isPositive();
        assertThat(withFloor.propensity("c")).isCloseTo(0.02, within(1e-12));
        assertThat(withFloor.propensity("b")).isCloseTo(0.96, within(1e-12));
    }

    @Test
    void everyDecisionCarriesItsArmsPropensityAndThePolicyVersion() {
        ThompsonPolicy policy = ThompsonPolicy.of(ABC,
                List.of(new BetaBelief(2, 2), new BetaBelief(3, 2), new BetaBelief(2, 3)), 0.01, "posteriors-17");
        SplittableRandomGenerator random = new SplittableRandomGenerator(1L);

        for (int i = 0; i < 1000; i++) {
            Decision d = policy.choose(random);
            assertThat(d.propensity()).isEqualTo(policy.propensity(d.arm()));
            assertThat(d.inExperiment()).isTrue();
            assertThat(d.policyVersion()).isEqualTo("posteriors-17");
        }
    }

    @Test
    void aSeededGeneratorRepeatsItsDecisionsAndSplitsIntoIndependentStreams() {
        ThompsonPolicy policy = ThompsonPolicy.of(ABC,
                List.of(new BetaBelief(2, 2), new BetaBelief(3, 2), new BetaBelief(2, 3)), 0.0, "v");
        SplittableRandomGenerator first = new SplittableRandomGenerator(99L);
        SplittableRandomGenerator again = new SplittableRandomGenerator(99L);
        SplittableRandomGenerator child = new SplittableRandomGenerator(99L).split();
        int differences = 0;
        for (int i = 0; i < 200; i++) {
            Decision d = policy.choose(first);
            assertThat(policy.choose(again)).isEqualTo(d);
            if (!policy.choose(child).equals(d)) {
                differences++;
            }
        }
        assertThat(differences).isGreaterThan(50);
    }

    @Test
    void anExperimentsPolicyComesFromItsSnapshotsAndThePriorForArmsWithout() {
        ExperimentSpec spec = SluiceConfigReader.parse("""
                experiments:
                  - name: e
                    policy: {type: thompson, prior: {alpha: 1, beta: 1}, exploration_floor: 0.02}
                    arms: [{name: small, model: m}, {name: medium, model: m}, {name: large, model: m}]
                    reward: {signals: {thumbs_up: 1}}
                """, "test").experiments().get(0);
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        ArmPosterior prior = ArmPosterior.beta(BetaPrior.UNIFORM);
        PosteriorSnapshot medium = prior.update(1).update(1).update(0).snapshot("e", "medium", 3, now, now);
        PosteriorSnapshot large = prior.update(1).snapshot("e", "large", 1, now, now);

        ThompsonPolicy policy = ThompsonPolicy.forExperiment(spec, Map.of("medium", medium, "large", large));
        ThompsonPolicy expected = ThompsonPolicy.of(List.of("small", "medium", "large"),
                List.of(new BetaBelief(1, 1), new BetaBelief(3, 2), new BetaBelief(2, 1)), 0.02, "x");

        assertThat(policy.policyVersion()).isEqualTo("thompson@" + spec.revision() + "/small:0,medium:3,large:1");
        assertThat(policy.explorationFloor()).isEqualTo(0.02);
        assertThat(policy.propensities()).isEqualTo(expected.propensities());
    }

    @Test
    void aPolicyOverTenWellSeparatedArmsRestsOnExactPropensities() {
        // Arms 0.45 … 0.70 after 1000 outcomes each: the worst arm's range starts some twenty
        // standard deviations above its mean, where it holds almost no mass.
        List<ArmBelief> beliefs = new java.util.ArrayList<>();
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            double successes = Math.rint((0.45 + 0.25 * i / 9) * 1000);
            beliefs.add(new BetaBelief(1 + successes, 1 + 1000 - successes));
            names.add("arm" + i);
        }

        ThompsonPolicy policy = ThompsonPolicy.of(names, beliefs, 0.0, "v");

        assertThat(policy.bestArmProbabilities().total()).isCloseTo(1.0, within(1e-9));
        assertThat(policy.bestArmProbabilities().densityCorrection()).isLessThan(1e-9);
        assertThat(policy.propensity("arm9")).isGreaterThan(0.5);
    }

    @Test
    void aFloorAboveOneOverKOrMismatchedArmsAreRejected() {
        List<ArmBelief> two = List.of(new BetaBelief(1, 1), new BetaBelief(1, 1));

        assertThatThrownBy(() -> ThompsonPolicy.of(List.of("a", "b"), two, 0.6, "v")).hasMessageContaining("1/2");
        assertThatThrownBy(() -> ThompsonPolicy.of(List.of("a"), two, 0.0, "v")).hasMessageContaining("1 arms but 2");
        assertThatThrownBy(() -> ThompsonPolicy.of(List.of("a", "a"), two, 0.0, "v")).hasMessageContaining("distinct");
        assertThatThrownBy(() -> ThompsonPolicy.of(List.of("a", "b"), two, 0.0, " ")).hasMessageContaining("version");
    }
}

package io.sluice.flink.posterior;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sluice.core.event.Outcome;
import io.sluice.core.event.PosteriorFamily;
import io.sluice.core.event.PosteriorSnapshot;
import io.sluice.core.experiment.NormalPrior;
import io.sluice.flink.LoopFixtures;
import io.sluice.flink.experiments.SpecChange;
import io.sluice.flink.experiments.SpecRevisions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PosteriorFunctionTest extends LoopFixtures {
    private static final Instant SETTLED = T0.plus(WINDOW);
    private static final String PRIOR_2_3 = "{\"type\": \"thompson\", \"prior\": {\"alpha\": 2, \"beta\": 3}}";

    private KeyedBroadcastOperatorTestHarness<String, Outcome, SpecChange, PosteriorSnapshot> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new PosteriorFunction(Duration.ofMinutes(30), "test.outcomes", "test-loop"),
                PosteriorFunction::key, Types.STRING, SpecRevisions.STATE);
        harness.processBroadcastWatermark(Long.MAX_VALUE);
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void theVersionGrowsByOneWithEveryOutcomeOfAnArm() throws Exception {
        specArrives(specChange(CHECKOUT, specJson(CHECKOUT, THUMBS)));

        arrives(outcome("r1", CHECKOUT, "a", 1.0, SETTLED, true));
        arrives(outcome("r2", CHECKOUT, "b", 0.0, SETTLED, true));
        arrives(outcome("r3", CHECKOUT, "a", 0.0, SETTLED.plusSeconds(1), true));
        arrives(outcome("r4", CHECKOUT, "a", 1.0, SETTLED.plusSeconds(2), true));

        assertThat(snapshots()).extracting(s -> s.key() + "@" + s.version())
                .containsExactly("checkout/a@1", "checkout/b@1", "checkout/a@2", "checkout/a@3");
        assertThat(snapshots().get(3).observations()).isEqualTo(3);
    }

    @Test
    void aBetaPosteriorAddsEachRewardToAlphaAndItsComplementToBeta() throws Exception {
        specArrives(specChange(CHECKOUT, specJson(CHECKOUT, THUMBS, PRIOR_2_3)));

        arrives(outcome("r1", CHECKOUT, "a", 1.0, SETTLED, true));
        arrives(outcome("r2", CHECKOUT, "a", 0.0, SETTLED, true));
        arrives(outcome("r3", CHECKOUT, "a", 0.25, SETTLED, true));

        PosteriorSnapshot last = snapshots().get(2);
        assertThat(last.family()).isEqualTo(PosteriorFamily.BETA);
        assertThat(last.alpha()).isEqualTo(2 + 1.25);
        assertThat(last.beta()).isEqualTo(3 + 1.75);
        assertThat(last.rewardSum()).isEqualTo(1.25);
        assertThat(last.updatedAt()).isEqualTo(SETTLED);
    }

    @Test
    void anUnboundedRewardUpdatesANormalGammaPosterior() throws Exception {
        specArrives(specChange(CHECKOUT, specJson(CHECKOUT,
                "{\"signals\": {\"score\": 1}, \"unbounded\": true, \"attribution_window\": \"10m\"}")));

        arrives(outcome("r1", CHECKOUT, "a", 7.0, SETTLED, true));

        NormalPrior prior = NormalPrior.WEAK;
        PosteriorSnapshot snapshot = snapshots().get(0);
        assertThat(snapshot.family()).isEqualTo(PosteriorFamily.NORMAL);
        assertThat(snapshot.precision()).isEqualTo(prior.precision() + 1);
        assertThat(snapshot.mean()).isCloseTo((prior.precision() * prior.mean() + 7.0) / (prior.precision() + 1),
                within(1e-12));
        assertThat(snapshot.shape()).isEqualTo(prior.shape() + 0.5);
    }

    @Test
    void outcomesOfUnitsOutsideTheExperimentAreIgnored() throws Exception {
        specArrives(specChange(CHECKOUT, specJson(CHECKOUT, THUMBS)));

        arrives(outcome("r1", CHECKOUT, "a", 1.0, SETTLED, false));
        arrives(outcome("r2", CHECKOUT, "a", 1.0, SETTLED, true));

        assertThat(snapshots()).singleElement().satisfies(s -> {
            assertThat(s.version()).isEqualTo(1);
            assertThat(s.alpha()).isEqualTo(2.0);
        });
    }

    @Test
    void lastRewardAtIsTheNewestReceiptFoldedIn() throws Exception {
        specArrives(specChange(CHECKOUT, specJson(CHECKOUT, THUMBS)));
        Outcome newer = outcome("r1", CHECKOUT, "a", 1.0, SETTLED.plusSeconds(5), true);
        Outcome older = outcome("r2", CHECKOUT, "a", 1.0, SETTLED, true);

        arrives(newer);
        arrives(older);

        assertThat(snapshots()).extracting(PosteriorSnapshot::lastRewardAt)
                .containsExactly(newer.lastRewardAt(), newer.lastRewardAt());
    }

    @Test
    void outcomesArrivingBeforeTheirSpecAreFoldedInOrderWhenItArrives() throws Exception {
        arrives(outcome("r1", CHECKOUT, "a", 1.0, SETTLED, true));
        arrives(outcome("r2", CHECKOUT, "a", 0.0, SETTLED, true));
        harness.processWatermark(Long.MAX_VALUE);
        assertThat(snapshots()).isEmpty();

        specArrives(specChange(CHECKOUT, specJson(CHECKOUT, THUMBS, PRIOR_2_3)));
        arrives(outcome("r3", CHECKOUT, "a", 1.0, SETTLED, true));

        assertThat(snapshots()).extracting(PosteriorSnapshot::version).containsExactly(1L, 2L, 3L);
        assertThat(snapshots().get(1).alpha()).isEqualTo(3.0);
        assertThat(snapshots().get(1).beta()).isEqualTo(4.0);
        assertThat(snapshots().get(2).alpha()).isEqualTo(4.0);
    }

    @Test
    void outcomesWhoseSpecNeverArrivesAreDeadLetteredWithTheReason() throws Exception {
        arrives(outcome("r1", CHECKOUT, "a", 1.0, SETTLED, true));

        harness.setProcessingTime(Duration.ofMinutes(30).toMillis());

        assertThat(snapshots()).isEmpty();
        assertThat(sideOutput(harness, PosteriorFunction.DEAD_LETTERS)).singleElement().satisfies(d -> {
            assertThat(d.sourceTopic()).isEqualTo("test.outcomes");
            assertThat(d.key()).isEqualTo("r1");
            assertThat(d.reason()).contains("checkout", "did not arrive");
        });
    }

    private void specArrives(SpecChange change) throws Exception {
        harness.processBroadcastElement(change, 0);
    }

    private void arrives(Outcome outcome) throws Exception {
        harness.processElement(outcome, millis(outcome.settledAt()));
    }

    private List<PosteriorSnapshot> snapshots() {
        return harness.extractOutputValues();
    }
}

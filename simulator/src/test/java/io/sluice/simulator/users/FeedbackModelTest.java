package io.sluice.simulator.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class FeedbackModelTest {
    private static final int DRAWS = 20_000;

    private static double share(Predicate<SplittableRandom> event) {
        SplittableRandom rng = new SplittableRandom(17);
        int hits = 0;
        for (int i = 0; i < DRAWS; i++) {
            if (event.test(rng)) hits++;
        }
        return (double) hits / DRAWS;
    }

    @Test
    void aThumbIsGivenAtTheExplicitRateAndIsUpWithChanceQ() {
        FeedbackModel model = FeedbackModel.defaults();

        assertThat(share(rng -> model.thumb(0.8, rng).isPresent())).isCloseTo(0.3, within(0.015));
        assertThat(share(rng -> model.thumb(0.8, rng).filter(FeedbackSignal.THUMBS_UP::equals).isPresent()))
                .isCloseTo(0.3 * 0.8, within(0.015));
    }

    @Test
    void betterAnswersAreCopiedMoreAndRetriedLess() {
        FeedbackModel model = FeedbackModel.defaults();

        assertThat(share(rng -> model.copies(0.9, rng))).isCloseTo(0.4 * 0.9, within(0.015));
        assertThat(share(rng -> model.retries(0.9, rng))).isCloseTo(0.3 * 0.1, within(0.01));
        assertThat(share(rng -> model.retries(0.2, rng))).isCloseTo(0.3 * 0.8, within(0.015));
        assertThat(share(rng -> model.resolves(0.6, rng))).isCloseTo(0.6, within(0.015));
    }

    @Test
    void aScoreRunsFromOneStarToFive() {
        FeedbackModel always = FeedbackModel.builder().scoreRate(1).build();
        SplittableRandom rng = new SplittableRandom(1);

        assertThat(always.score(0.0, rng)).hasValue(1);
        assertThat(always.score(0.5, rng)).hasValue(3);
        assertThat(always.score(1.0, rng)).hasValue(5);
    }

    @Test
    void ratesOutsideTheUnitIntervalAreProblems() {
        FeedbackModel model = FeedbackModel.builder().explicitRate(1.5).retryFactor(-0.1).build();

        assertThat(model.problems("feedback"))
                .anyMatch(p -> p.startsWith("feedback.explicit_rate"))
                .anyMatch(p -> p.startsWith("feedback.retry_factor"));
    }
}

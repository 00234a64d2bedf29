package io.sluice.core.agreement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sluice.core.judge.RubricScale;
import org.junit.jupiter.api.Test;

class JudgeHumanAgreementTest {
    private static final RubricScale ONE_TO_FIVE = new RubricScale(1, 5);

    // Rounded to levels the judge says 1, 3, 4, 4, 5, 2 against labels 1, 2, 4, 5, 3, 2.
    private static final double[] SCORES = {1.2, 2.6, 3.5, 4.4, 5.0, 2.0};
    private static final int[] LABELS = {1, 2, 4, 5, 3, 2};

    @Test
    void scoresRoundToTheNearestLevelHalvesUpAndClampToTheScale() {
        assertThat(JudgeHumanAgreement.nearestLevel(3.5, ONE_TO_FIVE)).isEqualTo(4);
        assertThat(JudgeHumanAgreement.nearestLevel(2.49, ONE_TO_FIVE)).isEqualTo(2);
        assertThat(JudgeHumanAgreement.nearestLevel(0.2, ONE_TO_FIVE)).isEqualTo(1);
        assertThat(JudgeHumanAgreement.nearestLevel(7.0, ONE_TO_FIVE)).isEqualTo(5);
    }

    @Test
    void figuresOfASmallWindowMatchAHandCount() {
        AgreementResult r = new JudgeHumanAgreement(SCORES, LABELS, ONE_TO_FIVE).result(0.95);

        assertThat(r.n()).isEqualTo(6);
        assertThat(r.scale()).isEqualTo(ONE_TO_FIVE);
        assertThat(r.exactAgreement()).isCloseTo(3.0 / 6, within(1e-12));
        assertThat(r.withinOneAgreement()).isCloseTo(5.0 / 6, within(1e-12));
        assertThat(r.meanAbsoluteError()).isCloseTo(3.9 / 6, within(1e-12));
        assertThat(r.meanResidual()).isCloseTo(1.7 / 6, within(1e-12));
        assertThat(r.exactAgreementInterval().contains(0.5)).isTrue();
        // Ranks 1, 3, 4, 5, 6, 2 against 1, 2.5, 5, 6, 4, 2.5 (the two 2s share 2.5):
        // Σ dx·dy = 14, Σ dx² = 17.5, Σ dy² = 17.
        assertThat(r.spearman()).isCloseTo(14 / Math.sqrt(17.5 * 17), within(1e-12));
    }

    @Test
    void kappaIsTheQuadraticKappaOfTheRoundedScores() {
        long[][] table = new long[5][5];
        int[] rounded = {1, 3, 4, 4, 5, 2};
        for (int i = 0; i < LABELS.length; i++) {
            table[rounded[i] - 1][LABELS[i] - 1]++;
        }
        KappaResult expected = new WeightedKappa(table, KappaWeights.QUADRATIC).result(0.9);

        KappaResult actual = new JudgeHumanAgreement(SCORES, LABELS, ONE_TO_FIVE).result(0.9).weightedKappa();

        assertThat(actual).isEqualTo(expected);
        assertThat(actual.weights()).isEqualTo(KappaWeights.QUADRATIC);
        assertThat(actual.categories()).isEqualTo(5);
    }

    @Test
    void aLabelOffTheScaleIsRejected() {
        assertThatThrownBy(() -> new JudgeHumanAgreement(new double[] {3.0}, new int[] {6}, ONE_TO_FIVE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("off the scale");
    }
}

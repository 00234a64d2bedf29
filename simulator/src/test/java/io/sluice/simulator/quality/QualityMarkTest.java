package io.sluice.simulator.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QualityMarkTest {

    @Test
    void aMarkReadsBackAsItsQuality() {
        String answer = QualityMark.append("Hi Dana,\n\nYour refund is on its way.", 0.7346);

        assertThat(answer).endsWith("\n\n[quality: 0.735]");
        assertThat(QualityMark.read(answer)).hasValue(0.735);
    }

    @Test
    void qualitiesOutsideTheUnitIntervalAreClamped() {
        assertThat(QualityMark.format(1.2)).isEqualTo("[quality: 1.000]");
        assertThat(QualityMark.format(-0.1)).isEqualTo("[quality: 0.000]");
        assertThatThrownBy(() -> QualityMark.format(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void textWithoutAMarkHasNoQuality() {
        assertThat(QualityMark.read("Your refund is on its way.")).isEmpty();
        assertThat(QualityMark.read("[quality: high]")).isEmpty();
        assertThat(QualityMark.read(null)).isEmpty();
    }

    @Test
    void theLastMarkCountsWhenAnAnswerQuotesAnEarlierOne() {
        String answer = "You said \"[quality: 0.900]\" earlier.\n\n" + QualityMark.format(0.2);

        assertThat(QualityMark.read(answer)).hasValue(0.2);
    }

    @Test
    void strippingLeavesTheTextAPersonReads() {
        assertThat(QualityMark.strip(QualityMark.append("Thanks for waiting.", 0.5))).isEqualTo("Thanks for waiting.");
    }
}

package io.sluice.simulator.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.junit.jupiter.api.Test;

class QualityDistributionTest {

    @Test
    void drawsSpreadAroundTheMeanWithTheConcentrationsDeviation() {
        QualityDistribution distribution = new QualityDistribution(0.62, 20);
        Well19937c rng = new Well19937c(11);
        SummaryStatistics stats = new SummaryStatistics();
        for (int i = 0; i < 20_000; i++) {
            stats.addValue(distribution.draw(rng));
        }

        assertThat(stats.getMean()).isCloseTo(0.62, within(0.005));
        assertThat(stats.getStandardDeviation()).isCloseTo(distribution.standardDeviation(), within(0.005));
        assertThat(stats.getMin()).isGreaterThanOrEqualTo(0);
        assertThat(stats.getMax()).isLessThanOrEqualTo(1);
    }

    @Test
    void aCertainMeanHasNoSpread() {
        assertThat(new QualityDistribution(1, 20).draw(new Well19937c(1))).isEqualTo(1);
        assertThat(new QualityDistribution(0, 20).draw(new Well19937c(1))).isEqualTo(0);
    }

    @Test
    void meansOutsideTheUnitIntervalAreRefused() {
        assertThatThrownBy(() -> new QualityDistribution(1.5, 20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QualityDistribution(0.5, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}

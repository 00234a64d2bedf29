package io.sluice.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RegretReadoutTest {
    private static final Map<String, Double> MEANS = Map.of("small", 0.45, "medium", 0.55, "large", 0.70);

    @Test
    void regretCountsWhatEachSuboptimalDecisionGaveUp() {
        RegretReadout readout = RegretReadout.of(Map.of("small", 100L, "medium", 200L, "large", 700L), MEANS);

        assertThat(readout.bestArm()).isEqualTo("large");
        assertThat(readout.decisions()).isEqualTo(1000);
        assertThat(readout.regret()).isCloseTo(100 * 0.25 + 200 * 0.15, within(1e-9));
        assertThat(readout.uniformRegret()).isCloseTo(1000 * (0.70 - (0.45 + 0.55 + 0.70) / 3), within(1e-9));
        assertThat(readout.ratioToUniform()).isCloseTo(55.0 / readout.uniformRegret(), within(1e-12));
    }

    @Test
    void aUniformSplitHasTheUniformRegret() {
        RegretReadout readout = RegretReadout.of(Map.of("small", 300L, "medium", 300L, "large", 300L), MEANS);

        assertThat(readout.ratioToUniform()).isCloseTo(1.0, within(1e-12));
    }
}

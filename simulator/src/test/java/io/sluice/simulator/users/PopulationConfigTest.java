package io.sluice.simulator.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PopulationConfigTest {

    @Test
    void yamlLeavesOutWhatTheDefaultsCover() {
        PopulationConfig config = PopulationConfig.fromYaml("""
                router_url: http://127.0.0.1:8080
                experiment: support-bot
                users: 12
                think_time: 1500ms
                turn_weights: [0.5, 0.5]
                feedback:
                  explicit_rate: 0.1
                """);

        assertThat(config.users()).isEqualTo(12);
        assertThat(config.thinkTime()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.maxTurns()).isEqualTo(2);
        assertThat(config.feedback().explicitRate()).isEqualTo(0.1);
        assertThat(config.feedback().copyFactor()).isEqualTo(FeedbackModel.defaults().copyFactor());
        assertThat(config.apiKey()).isEqualTo(PopulationConfig.builder().build().apiKey());
        assertThat(config.problems()).isEmpty();
    }

    @Test
    void aPopulationWithoutARouterOrExperimentIsRefusedNamingBoth() {
        assertThatThrownBy(() -> new UserPopulation(PopulationConfig.builder().build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("router_url")
                .hasMessageContaining("experiment");
    }

    @Test
    void everyProblemIsReportedWithItsPath() {
        PopulationConfig config = PopulationConfig.builder()
                .routerUrl("not a url")
                .experiment("x")
                .users(0)
                .turnWeights(List.of(0.0, 0.0))
                .streamingFraction(2)
                .build();

        assertThat(config.problems())
                .anyMatch(p -> p.startsWith("router_url"))
                .anyMatch(p -> p.startsWith("users"))
                .anyMatch(p -> p.startsWith("turn_weights"))
                .anyMatch(p -> p.startsWith("streaming_fraction"));
    }

    @Test
    void fixedTurnsMakesEveryConversationThatLong() {
        assertThat(PopulationConfig.builder().fixedTurns(3).build().turnWeights()).containsExactly(0.0, 0.0, 1.0);
    }
}

package io.sluice.simulator.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.simulator.world.SimulatorConfig;
import io.sluice.simulator.world.Variant;
import io.sluice.simulator.judge.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ModelDegradationTest {
    private static final SimulatorConfig WORLD = SimulatorConfig.builder()
            .addVariant(Variant.builder().name("large").model("sim-large").latency(Duration.ofMillis(300))
                    .jitter(Duration.ZERO).timeToFirstToken(Duration.ofMillis(100)).build())
            .defaultVariant(Variant.builder().instant().build())
            .build();

    private static ChatRequest ask(String model, int n) {
        return new ChatRequest(model, List.of(new ChatMessage("user", "question " + n)), false, false,
                OptionalInt.empty(), null);
    }

    @Test
    void aDegradedModelIsSlowAndFailsFromItsStartAndOtherModelsAreNot() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
        CompletionSimulator simulator = new CompletionSimulator(WORLD, clock);
        simulator.degradation("sim-large").startAfter(Duration.ofSeconds(60), Duration.ofSeconds(4), 1.0);

        SimulatedCompletion before = simulator.simulate(ask("sim-large", 1));
        assertThat(before.latency()).isEqualTo(Duration.ofMillis(300));
        assertThat(before.failed()).isFalse();

        clock.advance(Duration.ofSeconds(60));
        SimulatedCompletion after = simulator.simulate(ask("sim-large", 2));
        assertThat(after.latency()).isEqualTo(Duration.ofSeconds(4));
        assertThat(after.timeToFirstToken()).isEqualTo(Duration.ofSeconds(4));
        assertThat(after.failed()).isTrue();
        assertThat(simulator.simulate(ask("sim-small", 3)).failed()).isFalse();

        simulator.degradation("sim-large").stop();
        assertThat(simulator.simulate(ask("sim-large", 4)).latency()).isEqualTo(Duration.ofMillis(300));
    }
}

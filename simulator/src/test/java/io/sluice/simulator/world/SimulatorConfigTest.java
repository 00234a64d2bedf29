package io.sluice.simulator.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.json.SluiceJson;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SimulatorConfigTest {

    @Test
    void yamlLeavesOutWhatTheDefaultsCover() {
        SimulatorConfig config = SimulatorConfig.fromYaml("""
                seed: 9
                expected_api_key: sk-upstream
                variants:
                  - name: policy-citing
                    system_prompt_contains: cite the relevant return or shipping policy
                    quality: 0.62
                    latency: 250ms
                    chunk_delay: 20ms
                  - model: sim-large
                    quality: 0.7
                    error_rate: 0.01
                default_variant:
                  quality: 0.5
                """);

        assertThat(config.seed()).isEqualTo(9);
        assertThat(config.expectedApiKey()).isEqualTo("sk-upstream");
        Variant policy = config.variants().get(0);
        assertThat(policy.model()).isEqualTo(Variant.ANY_MODEL);
        assertThat(policy.latency()).isEqualTo(Duration.ofMillis(250));
        assertThat(policy.chunkDelay()).isEqualTo(Duration.ofMillis(20));
        assertThat(policy.jitter()).isEqualTo(Variant.builder().build().jitter());
        assertThat(config.variants().get(1).name()).isEqualTo("sim-large");
        assertThat(config.defaultVariant().name()).isEqualTo("default");
        assertThat(config.receivedLogCapacity()).isEqualTo(10_000);
        assertThat(config.listedModels()).containsExactly("sim-large");
    }

    @Test
    void anEmptyDocumentIsTheDefaultWorld() {
        assertThat(SimulatorConfig.fromYaml("")).isEqualTo(SimulatorConfig.builder().build());
    }

    @Test
    void everyProblemIsReportedWithItsPath() {
        assertThatThrownBy(() -> SimulatorConfig.fromYaml("""
                variants:
                  - quality: 1.5
                    error_rate: -1
                default_variant:
                  min_answer_words: 50
                  max_answer_words: 10
                """))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("variants[0].quality")
                .hasMessageContaining("variants[0].error_rate")
                .hasMessageContaining("default_variant.max_answer_words");
    }

    @Test
    void aMistypedValueNamesItsField() {
        assertThatThrownBy(() -> SimulatorConfig.fromYaml("""
                variants:
                  - latency: soon
                """))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("variants[0].latency");
    }

    @Test
    void aConfigurationSurvivesAJsonRoundTrip() {
        SimulatorConfig config = Presets.supportBot().withExpectedApiKey("k");

        assertThat(SluiceJson.fromJson(config.toJson(), SimulatorConfig.class)).isEqualTo(config);
    }

    @Test
    void theFirstMatchingVariantWinsAndTheDefaultCatchesTheRest() {
        SimulatorConfig config = Presets.supportBot();

        assertThat(config.variantFor(Presets.SUPPORT_MODEL, Presets.POLICY_PROMPT).name()).isEqualTo("policy-citing");
        assertThat(config.variantFor(Presets.SUPPORT_MODEL, "BE HELPFUL.").name()).isEqualTo("be-helpful");
        assertThat(config.variantFor("gpt-unknown", "").name()).isEqualTo("unprompted");
    }

    @Test
    void presetsAreValidAndFoundByName() {
        assertThat(Presets.names()).containsExactly("support-bot", "three-arms");
        for (String name : Presets.names()) {
            assertThat(Presets.named(name).problems()).isEmpty();
        }
        SimulatorConfig threeArms = Presets.threeArms();
        assertThat(threeArms.variantFor(Presets.SMALL_MODEL, "").quality()).isEqualTo(0.45);
        assertThat(threeArms.variantFor(Presets.MEDIUM_MODEL, "").quality()).isEqualTo(0.55);
        assertThat(threeArms.variantFor(Presets.LARGE_MODEL, "").quality()).isEqualTo(0.70);
        assertThatThrownBy(() -> Presets.named("nope")).hasMessageContaining("support-bot");
    }

    @Test
    void judgesReadFromYamlWithTheirDefaults() {
        SimulatorConfig config = SimulatorConfig.fromYaml("""
                judges:
                  - model: sim-judge
                    noise: 0.5
                    drift_after: 60s
                  - model: sim-judge-first
                    position_bias: 1
                    reply_style: fenced
                """);

        JudgeProfile first = config.judgeFor("sim-judge").orElseThrow();
        assertThat(first.noise()).isEqualTo(0.5);
        assertThat(first.driftAfter()).isEqualTo(Duration.ofSeconds(60));
        assertThat(first.driftOffset()).isEqualTo(1.0);
        assertThat(first.injectionSusceptibility()).isEqualTo(1.0);
        assertThat(config.judgeFor("sim-judge-first").orElseThrow().positionBias()).isEqualTo(1.0);
        assertThat(config.judgeFor("sim-support")).isEmpty();
        assertThat(config.listedModels()).containsExactly("sim-judge", "sim-judge-first");
    }

    @Test
    void everyJudgeProblemIsReportedWithItsPath() {
        assertThatThrownBy(() -> SimulatorConfig.fromYaml("""
                judges:
                  - model: a
                    noise: -1
                    position_bias: 2
                    reply_style: poem
                  - model: a
                    tie_margin: -1
                """))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("judges[0].noise")
                .hasMessageContaining("judges[0].position_bias")
                .hasMessageContaining("judges[0].reply_style")
                .hasMessageContaining("judges[1].tie_margin")
                .hasMessageContaining("judges[1].model: another judge already grades 'a'");
    }
}

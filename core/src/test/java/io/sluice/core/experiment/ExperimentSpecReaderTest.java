package io.sluice.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.config.ConfigError;
import io.sluice.core.config.ConfigException;
import io.sluice.core.config.SluiceConfig;
import io.sluice.core.config.SluiceConfigReader;
import io.sluice.core.config.UnknownModelPolicy;
import io.sluice.core.event.PolicyType;
import io.sluice.core.event.Signal;
import io.sluice.core.event.UnitType;
import io.sluice.core.json.SluiceJson;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentSpecReaderTest {

    private static final String TWO_ARMS = """
            experiments:
              - name: duel
                arms:
                  - {name: a, model: m}
                  - {name: b, model: m}
                reward: {signals: {thumbs_up: 1}}
            """;

    @Test
    void theShippedSupportBotExampleLoads() {
        SluiceConfig config = SluiceConfigReader.load(Path.of("../examples/support-bot.yaml"));

        ExperimentSpec spec = config.experiment("support-bot").orElseThrow();
        assertThat(spec.unit()).isEqualTo(UnitType.CONVERSATION);
        assertThat(spec.policy().type()).isEqualTo(PolicyType.FIXED);
        assertThat(spec.armNames()).containsExactly("baseline", "policy-grounded");
        assertThat(spec.arm("baseline").orElseThrow().systemPrompt()).isEqualTo("Be helpful.");
        assertThat(spec.arm("policy-grounded").orElseThrow().systemPrompt())
                .isEqualTo("Be helpful, cite the relevant return or shipping policy, and use the customer's name "
                        + "from the order context.");
        assertThat(spec.arm("baseline").orElseThrow().params().maxTokens()).isEqualTo(400);
        assertThat(spec.reward().signals()).containsEntry(Signal.RESOLVED, 1.0).containsEntry(Signal.RETRY, 0.0);
        assertThat(spec.reward().attributionWindow()).isEqualTo(Duration.ofMinutes(10));
        assertThat(spec.guardrails()).hasSize(2);
        assertThat(config.router().unknownModels()).isEqualTo(UnknownModelPolicy.REJECT);
    }

    @Test
    void everyShippedConfigurationLoads() {
        for (String file : java.util.List.of("../examples/support-bot.yaml", "../examples/bandit.yaml",
                "../docker/sluice.yaml")) {
            assertThat(SluiceConfigReader.load(Path.of(file)).experiments()).as(file).isNotEmpty();
        }
        SluiceConfig docker = SluiceConfigReader.load(Path.of("../docker/sluice.yaml"));
        assertThat(docker.jobs().embedded()).isFalse();
        assertThat(docker.kafka().replicationFactor()).isEqualTo((short) 3);
        assertThat(SluiceConfigReader.load(Path.of("../examples/bandit.yaml")).experiments().get(0).policy().type())
                .isEqualTo(PolicyType.THOMPSON);
    }

    @Test
    void omittedFieldsTakeTheDocumentedDefaults() {
        SluiceConfig config = SluiceConfigReader.parse(TWO_ARMS, "test");

        ExperimentSpec spec = config.experiments().get(0);
        assertThat(spec.salt()).isEqualTo("duel");
        assertThat(spec.unit()).isEqualTo(UnitType.USER);
        assertThat(spec.traffic()).isEqualTo(1.0);
        assertThat(spec.controlArm()).isEqualTo("a");
        assertThat(spec.arms()).allSatisfy(arm -> assertThat(arm.weight()).isEqualTo(1.0));
        assertThat(spec.reward().combine()).isEqualTo(CombineRule.MAX);
        assertThat(spec.reward().defaultReward()).isEqualTo(0.0);
        assertThat(spec.traceSampleRate()).isEqualTo(0.1);
        assertThat(spec.judge().enabled()).isFalse();
        assertThat(config.router().port()).isEqualTo(8080);
        assertThat(config.router().host()).isEqualTo("127.0.0.1");
        assertThat(config.router().upstream().baseUrl()).as("none: sluice serve simulates it").isNull();
        assertThat(config.kafka().embedded()).isTrue();
        assertThat(config.kafka().topicPrefix()).isEqualTo("sluice.");
    }

    @Test
    void theJobsWaitForWhatIsUnmatchedAsLongAsConfigured() {
        assertThat(SluiceConfigReader.parse(TWO_ARMS, "test").jobs())
                .extracting(j -> j.orphanRewardTtl(), j -> j.pairTtl())
                .containsExactly(Duration.ofHours(1), Duration.ofHours(48));

        SluiceConfig shortWaits = SluiceConfigReader.parse("jobs: {orphan_reward_ttl: 2s, pair_ttl: 3s}\n" + TWO_ARMS,
                "test");
        assertThat(shortWaits.jobs().orphanRewardTtl()).isEqualTo(Duration.ofSeconds(2));
        assertThat(shortWaits.jobs().pairTtl()).isEqualTo(Duration.ofSeconds(3));

        assertThatThrownBy(() -> SluiceConfigReader.parse("jobs: {orphan_reward_ttl: 0s}\n" + TWO_ARMS, "test"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("jobs.orphan_reward_ttl: must be > 0");
    }

    @Test
    void everyKnobOfTheJobsIsInTheConfigurationWithItsDefault() {
        io.sluice.core.config.JobSettings defaults = SluiceConfigReader.parse(TWO_ARMS, "test").jobs();
        assertThat(defaults.settledRetention()).isEqualTo(Duration.ofHours(24));
        assertThat(defaults.specWait()).isEqualTo(Duration.ofHours(1));
        assertThat(defaults.transactionTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(defaults.judge().maxInFlight()).isEqualTo(64);
        assertThat(defaults.judge().structuredOutput()).isEqualTo("json_schema");

        io.sluice.core.config.JobSettings set = SluiceConfigReader.parse("""
                jobs:
                  settled_retention: 6h
                  spec_wait: 5m
                  transaction_timeout: 10m
                  judge: {max_in_flight: 8, async_timeout: 1m, retry_backoff: 1s, max_retry_backoff: 4s,
                          max_output_tokens: 200, structured_output: NONE}
                """ + TWO_ARMS, "test").jobs();
        assertThat(set.settledRetention()).isEqualTo(Duration.ofHours(6));
        assertThat(set.specWait()).isEqualTo(Duration.ofMinutes(5));
        assertThat(set.transactionTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(set.judge()).extracting(j -> j.maxInFlight(), j -> j.asyncTimeout(), j -> j.retryBackoff(),
                j -> j.maxRetryBackoff(), j -> j.maxOutputTokens(), j -> j.structuredOutput())
                .containsExactly(8, Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofSeconds(4), 200, "none");

        assertThatThrownBy(() -> SluiceConfigReader.parse("""
                jobs: {judge: {structured_output: xml, max_in_flight: 0, retry_backoff: 5s, max_retry_backoff: 1s}}
                """ + TWO_ARMS, "test"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("jobs.judge.structured_output: must be one of json_schema, json_object, none")
                .hasMessageContaining("jobs.judge.max_in_flight: must be at least 1")
                .hasMessageContaining("jobs.judge.max_retry_backoff: must not be below retry_backoff");
    }

    @Test
    void aNonPositiveWeightIsReportedAtItsFieldPath() {
        assertThat(errorsOf("""
                experiments:
                  - name: duel
                    arms:
                      - {name: a, model: m, weight: 1}
                      - {name: b, model: m, weight: 0}
                    reward: {signals: {thumbs_up: 1}}
                """)).containsExactly("experiments[0] (duel).arms[1].weight: must be > 0");
    }

    @Test
    void everyProblemIsReportedInOnePass() {
        List<String> errors = errorsOf("""
                router:
                  port: 70000
                experiments:
                  - name: "bad name"
                    unit: session
                    traffic: 1.5
                    arms:
                      - {name: a, model: m, weight: -1, params: {temperature: 3, top_k: 5}}
                      - {name: a, weight: 1}
                    reward: {signals: {thumbs_up: 2, smile: 1}, attribution_window: soon}
                """);

        assertThat(errors).contains(
                "router.port: must be a port in [0, 65535] (0 picks a free one)",
                "experiments[0] (bad name).unit: must be one of user, conversation, request, was 'session'",
                "experiments[0] (bad name).traffic: must be in (0, 1], was 1.5",
                "experiments[0] (bad name).arms[0].weight: must be > 0",
                "experiments[0] (bad name).arms[0].params.temperature: must be in [0, 2], was 3",
                "experiments[0] (bad name).arms[1].name: duplicate arm name 'a'",
                "experiments[0] (bad name).arms[1].model: required",
                "experiments[0] (bad name).reward.signals.thumbs_up: must be in [0, 1], was 2",
                "experiments[0] (bad name).reward.attribution_window: must be a duration such as 500ms, 30s, 10m, 1h or 7d, "
                        + "was 'soon'");
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("experiments[0] (bad name).name: must start with"));
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("experiments[0] (bad name).arms[0].params.top_k: unknown field"));
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("experiments[0] (bad name).reward.signals.smile: unknown signal"));
    }

    @Test
    void typosAreUnknownFieldsNotSilentDefaults() {
        assertThat(errorsOf(TWO_ARMS.replace("reward:", "rewards:")))
                .contains("experiments[0] (duel).reward: required: say which signals count, e.g. "
                        + "{signals: {thumbs_up: 1, thumbs_down: 0}}")
                .anySatisfy(e -> assertThat(e).startsWith("experiments[0] (duel).rewards: unknown field (expected one of"));
    }

    @Test
    void anExperimentNeedsTwoArmsAndAKnownControlArm() {
        assertThat(errorsOf("""
                experiments:
                  - name: solo
                    control_arm: z
                    arms: [{name: a, model: m}]
                    reward: {signals: {thumbs_up: 1}}
                """)).containsExactlyInAnyOrder(
                "experiments[0] (solo).arms: an experiment needs at least two arms, found 1",
                "experiments[0] (solo).control_arm: names no arm of this experiment: 'z'");
    }

    @Test
    void weightsBelongToFixedSplitsOnly() {
        assertThat(errorsOf("""
                experiments:
                  - name: bandit
                    policy: {type: thompson, exploration_floor: 0.05}
                    arms:
                      - {name: a, model: m, weight: 0.5}
                      - {name: b, model: m}
                    reward: {signals: {thumbs_up: 1}}
                """)).containsExactly("experiments[0] (bandit).arms[0].weight: not used by policy thompson, which sets "
                + "shares from the posteriors");
    }

    @Test
    void aThompsonSpecWithItsPriorSurvivesTheRoundTrip() throws Exception {
        ExperimentSpec spec = SluiceConfigReader.parse("""
                experiments:
                  - name: bandit
                    policy: {type: thompson, prior: {alpha: 2, beta: 5}, exploration_floor: 0.05}
                    arms: [{name: a, model: m}, {name: b, model: m}, {name: c, model: m}]
                    reward: {signals: {thumbs_up: 1}}
                  - name: revenue
                    policy: {type: thompson, prior: {mean: 10, precision: 2, shape: 3, rate: 4}}
                    arms: [{name: a, model: m}, {name: b, model: m}]
                    reward: {signals: {score: 1}, unbounded: true}
                """, "t").experiments().get(0);
        ExperimentSpec unbounded = SluiceConfigReader.parse("""
                experiments:
                  - name: revenue
                    policy: {type: thompson, prior: {mean: 10, precision: 2, shape: 3, rate: 4}}
                    arms: [{name: a, model: m}, {name: b, model: m}]
                    reward: {signals: {score: 1}, unbounded: true}
                """, "t").experiments().get(0);

        assertThat(spec.policy().betaPrior()).isEqualTo(new BetaPrior(2, 5));
        assertThat(spec.policy().explorationFloor()).isEqualTo(0.05);
        assertThat(unbounded.policy().normalPrior()).isEqualTo(new NormalPrior(10, 2, 3, 4));
        for (ExperimentSpec s : List.of(spec, unbounded)) {
            JsonNode wire = SluiceJson.mapper().readTree(SluiceJson.toBytes(s));
            assertThat(ExperimentSpecReader.fromJson(wire, "wire")).isEqualTo(s);
        }
    }

    @Test
    void theExplorationFloorMustLeaveRoomForTheSampler() {
        assertThat(errorsOf("""
                experiments:
                  - name: bandit
                    policy: {type: thompson, exploration_floor: 0.4}
                    arms: [{name: a, model: m}, {name: b, model: m}, {name: c, model: m}]
                    reward: {signals: {thumbs_up: 1}}
                """)).containsExactly("experiments[0] (bandit).policy.exploration_floor: with 3 arms it can be at most 1/3, "
                + "was 0.4");
        assertThat(errorsOf("""
                experiments:
                  - name: bandit
                    policy: {type: thompson, prior: {alpha: 1, beta: 1}}
                    arms: [{name: a, model: m}, {name: b, model: m}]
                    reward: {signals: {score: 1}, unbounded: true}
                """)).anySatisfy(e -> assertThat(e).startsWith("experiments[0] (bandit).policy.prior.alpha: unknown field"));
    }

    @Test
    void aRubricFileIsReadRelativeToTheConfigurationAndTravelsInline() throws Exception {
        ExperimentSpec spec = SluiceConfigReader.load(Path.of("../examples/support-bot.yaml")).experiments().get(0);

        io.sluice.core.judge.Rubric rubric = spec.judge().rubric();
        assertThat(rubric.id()).isEqualTo("support-bot");
        assertThat(rubric.axisNames()).containsExactly("clarity", "accuracy", "policy_citation");
        assertThat(rubric.scale()).isEqualTo(new io.sluice.core.judge.RubricScale(1, 5));
        assertThat(rubric.axes().get(2).levels()).containsEntry(5, "Exact policy cited with link");
        JsonNode wire = SluiceJson.mapper().readTree(SluiceJson.toBytes(spec));
        assertThat(wire.at("/judge/rubric/axes/0/levels/3").asText()).isEqualTo("Readable but wordy");
        assertThat(ExperimentSpecReader.fromJson(wire, "wire")).isEqualTo(spec);
    }

    @Test
    void rubricProblemsAreReportedAtTheirPaths() {
        assertThat(errorsOf("""
                experiments:
                  - name: judged
                    arms: [{name: a, model: m}, {name: b, model: m}]
                    reward: {signals: {thumbs_up: 1}}
                    judge:
                      enabled: true
                      model: j
                      rubric:
                        id: r
                        scale: {min: 1, max: 5}
                        axes:
                          - {name: Clarity, levels: {1: bad, 5: good}}
                          - {name: accuracy, levels: {1: bad, 7: great}}
                """)).containsExactlyInAnyOrder(
                "experiments[0] (judged).judge.rubric.version: required: a rubric is versioned, and every change deserves a "
                        + "new version",
                "experiments[0] (judged).judge.rubric.axes[0].name: must be lower_snake_case (at most 32), was 'Clarity'",
                "experiments[0] (judged).judge.rubric.axes[1].levels.7: is outside the scale [1, 5]",
                "experiments[0] (judged).judge.rubric.axes[1].levels: must describe at least both ends of the scale, 1 and 5");
        assertThat(errorsOf("""
                experiments:
                  - name: judged
                    arms: [{name: a, model: m}, {name: b, model: m}]
                    reward: {signals: {thumbs_up: 1}}
                    judge: {enabled: true, model: j, rubric: rubrics/none.yaml}
                """)).singleElement().satisfies(e -> assertThat(e).startsWith(
                "experiments[0] (judged).judge.rubric: cannot read rubric 'rubrics/none.yaml'"));
    }

    @Test
    void aRubricScaleBeyondWhatScoresMayCarryIsRefusedRatherThanWrapped() {
        // 2^32 + 1 and 2^32 + 5 would read as 1 and 5 if narrowed to int.
        assertThat(errorsOf("""
                experiments:
                  - name: judged
                    arms: [{name: a, model: m}, {name: b, model: m}]
                    reward: {signals: {thumbs_up: 1}}
                    judge:
                      enabled: true
                      model: j
                      rubric:
                        id: r
                        version: 1
                        scale: {min: 4294967297, max: 4294967301}
                        axes: [{name: overall, levels: {1: bad, 5: good}}]
                """)).contains("experiments[0] (judged).judge.rubric.scale: must lie within ±1000000, was "
                + "[4294967297, 4294967301]");
    }

    @Test
    void theJudgeSampleMustBeDrawnFromTheTraces() {
        assertThat(errorsOf("""
                experiments:
                  - name: judged
                    arms: [{name: a, model: m}, {name: b, model: m}]
                    reward: {signals: {judge: 1}}
                    trace_sample_rate: 0.1
                    judge:
                      enabled: true
                      model: j
                      sample_rate: 0.2
                      rubric: {id: r, version: 1, axes: [{name: overall, levels: {1: bad, 5: good}}]}
                """)).containsExactly("experiments[0] (judged).judge.sample_rate: must be <= trace_sample_rate (0.1): "
                + "the judge reads sampled traces");
    }

    @Test
    void duplicateExperimentNamesAreRefused() {
        String twice = TWO_ARMS + TWO_ARMS.substring(TWO_ARMS.indexOf("  - name"));
        assertThat(errorsOf(twice)).containsExactly("experiments[1] (duel).name: duplicate experiment name 'duel'");
    }

    @Test
    void invalidYamlNamesTheLine() {
        assertThatThrownBy(() -> SluiceConfigReader.parse("experiments:\n  - name: [unclosed\n", "bad.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("bad.yaml")
                .hasMessageContaining("not valid YAML at line");
    }

    @Test
    void aSpecSurvivesTheRoundTripThroughItsWireFormat() throws Exception {
        ExperimentSpec spec = SluiceConfigReader.load(Path.of("../examples/support-bot.yaml")).experiments().get(0);

        JsonNode wire = SluiceJson.mapper().readTree(SluiceJson.toBytes(spec));
        ExperimentSpec back = ExperimentSpecReader.fromJson(wire, "experiments topic");

        assertThat(wire.get("schema_version").asInt()).isEqualTo(1);
        assertThat(wire.at("/reward/attribution_window").asText()).isEqualTo("10m");
        assertThat(wire.at("/reward/signals/thumbs_up").asDouble()).isEqualTo(1.0);
        assertThat(wire.at("/arms/0/system_prompt").asText()).isEqualTo("Be helpful.");
        assertThat(back).isEqualTo(spec);
        assertThat(back.revision()).isEqualTo(spec.revision());
    }

    @Test
    void anyChangeToASpecChangesItsRevision() {
        ExperimentSpec spec = SluiceConfigReader.parse(TWO_ARMS, "t").experiments().get(0);
        ExperimentSpec reweighted = SluiceConfigReader.parse(
                TWO_ARMS.replace("{name: a, model: m}", "{name: a, model: m, weight: 1}")
                        .replace("{name: b, model: m}", "{name: b, model: m, weight: 2}"), "t").experiments().get(0);

        assertThat(spec.revision()).hasSize(12).isEqualTo(SluiceConfigReader.parse(TWO_ARMS, "t")
                .experiments().get(0).revision());
        assertThat(reweighted.revision()).isNotEqualTo(spec.revision());
    }

    private static List<String> errorsOf(String yaml) {
        try {
            SluiceConfigReader.parse(yaml, "test");
        } catch (ConfigException e) {
            return e.errors().stream().map(ConfigError::toString).toList();
        }
        return List.of();
    }

    private static ExperimentSpec onlySpec(String yaml) {
        return SluiceConfigReader.parse(yaml, "test").experiments().get(0);
    }

    @Test
    void eachUnitFallsBackToTheFinerUnitsByDefault() {
        assertThat(onlySpec(TWO_ARMS.replace("- name: duel", "- name: duel\n    unit: conversation")).unitChain())
                .containsExactly(UnitType.CONVERSATION, UnitType.USER, UnitType.REQUEST);
        assertThat(onlySpec(TWO_ARMS).unitChain()).containsExactly(UnitType.USER, UnitType.REQUEST);
        assertThat(onlySpec(TWO_ARMS.replace("- name: duel", "- name: duel\n    unit: request")).unitChain())
                .containsExactly(UnitType.REQUEST);
    }

    @Test
    void anExplicitUnitChainIsKeptAndAnEmptyOneIsStrict() {
        assertThat(onlySpec(TWO_ARMS.replace("- name: duel", "- name: duel\n    unit: conversation\n"
                + "    unit_fallback: [user]")).unitChain()).containsExactly(UnitType.CONVERSATION, UnitType.USER);
        ExperimentSpec strict = onlySpec(TWO_ARMS.replace("- name: duel", "- name: duel\n    unit: conversation\n"
                + "    unit_fallback: []"));
        assertThat(strict.unitFallback()).isEmpty();
        assertThat(strict.unitChain()).containsExactly(UnitType.CONVERSATION);
    }

    @Test
    void anAmbiguousUnitChainIsRefusedAtItsElement() {
        List<String> errors = errorsOf(TWO_ARMS.replace("- name: duel", "- name: duel\n    unit: conversation\n"
                + "    unit_fallback: [request, user, conversation, request, team]"));
        assertThat(errors).hasSize(4);
        assertThat(errors.get(0)).contains("unit_fallback[1]", "unreachable");
        assertThat(errors.get(1)).contains("unit_fallback[2]", "is the experiment's unit already");
        assertThat(errors.get(2)).contains("unit_fallback[3]", "appears twice");
        assertThat(errors.get(3)).contains("unit_fallback[4]", "team");
        assertThat(errorsOf(TWO_ARMS.replace("- name: duel", "- name: duel\n    unit_fallback: user")))
                .singleElement().asString().contains("unit_fallback", "expected a list");
    }

    @Test
    void theUnitChainTravelsOnTheExperimentsTopic() {
        ExperimentSpec spec = onlySpec(TWO_ARMS.replace("- name: duel", "- name: duel\n    unit_fallback: []"));
        JsonNode json = SluiceJson.mapper().valueToTree(spec);
        assertThat(json.get("unit_fallback").isArray()).isTrue();
        assertThat(ExperimentSpecReader.fromJson(json, "test").unitFallback()).isEmpty();
    }

    @Test
    void guardrailsTakeAbsoluteOrRelativeLimitsAndCostNeedsAPriceForEveryArm() {
        ExperimentSpec spec = SluiceConfigReader.parse("""
                experiments:
                  - name: guarded
                    arms:
                      - {name: a, model: small}
                      - {name: b, model: large}
                    reward: {signals: {thumbs_up: 1}}
                    prices:
                      small: {input_per_million_tokens_usd: 0.15, output_per_million_tokens_usd: 0.6}
                      large: {input_per_million_tokens_usd: 2.5, output_per_million_tokens_usd: 10}
                    guardrails:
                      - {metric: latency_p95_ms, max_ratio_to_control: 1.5, window: 30s, min_samples: 50, action: pause}
                      - {metric: cost_per_request_usd, max: 0.08, action: rollback}
                """, "test").experiments().get(0);

        GuardrailSpec latency = spec.guardrails().get(0);
        assertThat(latency.relativeToControl()).isTrue();
        assertThat(latency.minSamples()).isEqualTo(50);
        assertThat(latency.breachedBy(1.6)).isTrue();
        assertThat(latency.breachedBy(1.5)).isFalse();
        assertThat(latency.describe()).isEqualTo("latency_p95_ms / control > 1.5");
        GuardrailSpec cost = spec.guardrails().get(1);
        assertThat(cost.consecutiveWindows()).isEqualTo(2);
        assertThat(cost.minSamples()).isEqualTo(GuardrailSpec.DEFAULT_MIN_SAMPLES);
        assertThat(cost.action()).isEqualTo(GuardrailAction.ROLLBACK);
        assertThat(spec.prices().get("large").costUsd(1000, 500)).isEqualTo(0.0075, within(1e-15));
        // The spec travels as JSON on the experiments topic and reads back the same.
        assertThat(ExperimentSpecReader.fromJson(io.sluice.core.json.SluiceJson.mapper().valueToTree(spec), "topic"))
                .isEqualTo(spec);

        assertThatThrownBy(() -> SluiceConfigReader.parse("""
                experiments:
                  - name: guarded
                    arms: [{name: a, model: small}, {name: b, model: large}]
                    reward: {signals: {thumbs_up: 1}}
                    prices: {small: {input_per_million_tokens_usd: 0.15, output_per_million_tokens_usd: 0.6}}
                    guardrails:
                      - {metric: cost_per_request_usd, max: 0.08}
                      - {metric: error_rate, max: 0.01, min_ratio_to_control: 0.5}
                      - {metric: error_rate, max: 0.01, auto_resume: true}
                """, "test")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("guardrails[2].auto_resume: only a pause is resumed; this guardrail's action is alert")
                .hasMessageContaining("guardrails[0].metric: cost_per_request_usd needs the price of model 'large'")
                .hasMessageContaining("guardrails[1]: set exactly one of max, min, max_ratio_to_control");
    }

    @Test
    void aRolloutStartsAtItsFirstStepAndNeedsGuardrailsAndNoTraffic() {
        ExperimentSpec spec = SluiceConfigReader.parse("""
                experiments:
                  - name: canary
                    arms: [{name: a, model: m}, {name: b, model: m}]
                    reward: {signals: {thumbs_up: 1}}
                    rollout: {steps: [0.01, 0.05, 0.25, 1.0], min_step_duration: 30m}
                    guardrails: [{metric: error_rate, max: 0.05}]
                """, "test").experiments().get(0);
        assertThat(spec.traffic()).isEqualTo(0.01);
        assertThat(spec.rollout().cleanWindows()).isEqualTo(RolloutSpec.DEFAULT_CLEAN_WINDOWS);
        assertThat(spec.rollout().traffic(2)).isEqualTo(0.25);
        assertThat(spec.rollout().traffic(9)).isEqualTo(1.0);
        assertThat(ExperimentSpecReader.fromJson(io.sluice.core.json.SluiceJson.mapper().valueToTree(spec), "topic"))
                .isEqualTo(spec);

        assertThatThrownBy(() -> SluiceConfigReader.parse("""
                experiments:
                  - name: canary
                    traffic: 0.5
                    arms: [{name: a, model: m}, {name: b, model: m}]
                    reward: {signals: {thumbs_up: 1}}
                    rollout: {steps: [0.1, 0.05, 0]}
                """, "test")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("rollout: set either traffic or a rollout")
                .hasMessageContaining("rollout: a rollout advances on clean guardrail windows")
                .hasMessageContaining("rollout.steps[1]: steps must rise")
                .hasMessageContaining("rollout.steps[2]: must be in (0, 1]");
    }
}

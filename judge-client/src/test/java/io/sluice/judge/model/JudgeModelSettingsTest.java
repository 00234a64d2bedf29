package io.sluice.judge.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.config.SecretRef;
import io.sluice.core.experiment.JudgeSettings;
import io.sluice.judge.Answers;
import io.sluice.judge.Rubrics;
import io.sluice.judge.SimulatedJudges;
import io.sluice.judge.rubric.RubricJudge;
import io.sluice.simulator.world.JudgeProfile;
import io.sluice.simulator.world.SimulatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JudgeModelSettingsTest {

    @Test
    void theDefaultsAreExplicitAndRetryNothing() {
        JudgeModelSettings settings = JudgeModelSettings.builder().baseUrl("http://127.0.0.1:1/v1")
                .modelName("sim-judge").build();
        assertThat(settings.temperature()).isZero();
        assertThat(settings.maxOutputTokens()).isEqualTo(400);
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.maxRetries()).isZero();
        assertThat(settings.structuredOutput()).isEqualTo(StructuredOutput.JSON_SCHEMA);
        assertThat(settings.problems()).isEmpty();
    }

    @Test
    void everyProblemIsNamed() {
        JudgeModelSettings bad = JudgeModelSettings.builder().baseUrl("ftp:/nowhere").temperature(3.0)
                .maxOutputTokens(0).timeout(Duration.ZERO).maxRetries(-1).build();
        assertThat(bad.problems()).hasSize(6).anySatisfy(p -> assertThat(p).startsWith("base_url:"))
                .anySatisfy(p -> assertThat(p).startsWith("model:"))
                .anySatisfy(p -> assertThat(p).startsWith("temperature:"))
                .anySatisfy(p -> assertThat(p).startsWith("max_output_tokens:"))
                .anySatisfy(p -> assertThat(p).startsWith("timeout:"))
                .anySatisfy(p -> assertThat(p).startsWith("max_retries:"));
        assertThatThrownBy(bad::requireValid).hasMessageContaining("base_url");
    }

    @Test
    void anExperimentsJudgeTakesItsModelAndTimeoutAndLeavesRetriesToTheJob() {
        JudgeSettings judge = new JudgeSettings(true, Rubrics.supportBot(), "gpt-4o-mini", 0.1, 60, 1_000_000,
                Duration.ofSeconds(12), 8, 3);
        JudgeModelSettings settings = JudgeModelSettings.forExperiment(judge, "https://api.openai.com/v1",
                new SecretRef("OPENAI_API_KEY", null));
        assertThat(settings.modelName()).isEqualTo("gpt-4o-mini");
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(12));
        assertThat(settings.maxRetries()).isZero();
    }

    @Test
    void theKeyComesFromTheEnvironmentOrAFile(@TempDir Path dir) throws Exception {
        SimulatorConfig keyed = SimulatorConfig.builder().expectedApiKey("sk-judge-123")
                .addJudge(JudgeProfile.builder().model("sim-judge").noise(0).instant().build()).build();
        Path keyFile = dir.resolve("judge.key");
        Files.writeString(keyFile, "sk-judge-123\n");
        try (SimulatedJudges judges = new SimulatedJudges(keyed)) {
            JudgeModelSettings fromEnv = judges.settings("sim-judge").toBuilder()
                    .apiKey(new SecretRef("JUDGE_KEY", null)).build();
            JudgeModelSettings fromFile = judges.settings("sim-judge").toBuilder()
                    .apiKey(new SecretRef(null, keyFile)).build();

            RubricJudge viaEnv = new RubricJudge(new JudgeEndpoint(
                    OpenAiJudgeModel.build(fromEnv, Map.of("JUDGE_KEY", "sk-judge-123")), fromEnv),
                    Rubrics.supportBot());
            assertThat(viaEnv.grade(Answers.CONVERSATION, Answers.of(0.5)).scored()).isTrue();
            assertThat(RubricJudge.create(fromFile, Rubrics.supportBot())
                    .grade(Answers.CONVERSATION, Answers.of(0.5)).scored()).isTrue();

            JudgeModelSettings wrongKey = judges.settings("sim-judge").toBuilder()
                    .apiKey(new SecretRef("JUDGE_KEY", null)).build();
            RubricJudge refused = new RubricJudge(new JudgeEndpoint(
                    OpenAiJudgeModel.build(wrongKey, Map.of("JUDGE_KEY", "sk-wrong")), wrongKey), Rubrics.supportBot());
            assertThatThrownBy(() -> refused.grade(Answers.CONVERSATION, Answers.of(0.5)))
                    .isInstanceOfSatisfying(JudgeCallException.class, e -> {
                        assertThat(e.failure()).isEqualTo(CallFailure.AUTHENTICATION);
                        assertThat(e.retryable()).isFalse();
                    });
        }
    }

    @Test
    void aMissingKeyIsRefusedWhenTheModelIsBuilt() {
        JudgeModelSettings settings = JudgeModelSettings.builder().baseUrl("http://127.0.0.1:1/v1")
                .modelName("sim-judge").apiKey(new SecretRef("NO_SUCH_KEY", null)).build();
        assertThatThrownBy(() -> OpenAiJudgeModel.build(settings, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("environment variable NO_SUCH_KEY");
    }

    @Test
    void anUnreachableEndpointIsARetryableCallFailure() {
        JudgeModelSettings settings = JudgeModelSettings.builder().baseUrl("http://127.0.0.1:1/v1")
                .modelName("sim-judge").timeout(Duration.ofSeconds(2)).build();
        assertThatThrownBy(() -> RubricJudge.create(settings, Rubrics.supportBot())
                .grade(Answers.CONVERSATION, Answers.of(0.5)))
                .isInstanceOfSatisfying(JudgeCallException.class, e -> {
                    assertThat(e.failure()).isEqualTo(CallFailure.UNREACHABLE);
                    assertThat(e.retryable()).isTrue();
                });
    }
}

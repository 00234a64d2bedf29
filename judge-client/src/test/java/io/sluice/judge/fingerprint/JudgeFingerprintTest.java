package io.sluice.judge.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.judge.Rubric;
import io.sluice.core.judge.RubricAxis;
import io.sluice.core.judge.RubricScale;
import io.sluice.judge.Rubrics;
import io.sluice.judge.model.StructuredOutput;
import io.sluice.judge.prompt.RubricPrompt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JudgeFingerprintTest {
    private static final Rubric RUBRIC = Rubrics.supportBot();

    private static JudgeFingerprint of(String model, Rubric rubric, String template, Double temperature,
                                       Integer maxTokens, StructuredOutput output) {
        return JudgeFingerprint.of(model, rubric, template, temperature, maxTokens, output);
    }

    private static JudgeFingerprint base() {
        return of("gpt-4o-mini", RUBRIC, RubricPrompt.TEMPLATE_VERSION, 0.0, 400, StructuredOutput.JSON_SCHEMA);
    }

    @Test
    void theSameJudgeAlwaysGetsTheSameFingerprint() {
        assertThat(base()).isEqualTo(base());
        assertThat(base().value()).matches("[0-9a-f]{32}");
        Rubric sameContent = new Rubric(RUBRIC.id(), RUBRIC.version(), RUBRIC.description(), RUBRIC.scale(),
                new ArrayList<>(RUBRIC.axes()));
        assertThat(of("gpt-4o-mini", sameContent, RubricPrompt.TEMPLATE_VERSION, 0.0, 400,
                StructuredOutput.JSON_SCHEMA)).isEqualTo(base());
    }

    @Test
    void theModelChangesIt() {
        assertThat(of("gpt-4o", RUBRIC, RubricPrompt.TEMPLATE_VERSION, 0.0, 400, StructuredOutput.JSON_SCHEMA))
                .isNotEqualTo(base());
    }

    @Test
    void theRubricVersionChangesIt() {
        Rubric bumped = new Rubric(RUBRIC.id(), RUBRIC.version() + 1, RUBRIC.description(), RUBRIC.scale(),
                RUBRIC.axes());
        assertThat(of("gpt-4o-mini", bumped, RubricPrompt.TEMPLATE_VERSION, 0.0, 400, StructuredOutput.JSON_SCHEMA))
                .isNotEqualTo(base());
    }

    @Test
    void theRubricContentChangesItEvenAtTheSameVersion() {
        List<RubricAxis> axes = new ArrayList<>(RUBRIC.axes());
        RubricAxis clarity = axes.get(0);
        axes.set(0, new RubricAxis(clarity.name(), clarity.description(),
                Map.of(1, "Confusing", 3, "Readable but wordy", 5, "Direct and easy to follow")));
        Rubric reworded = new Rubric(RUBRIC.id(), RUBRIC.version(), RUBRIC.description(), RUBRIC.scale(), axes);
        Rubric rescaled = new Rubric(RUBRIC.id(), RUBRIC.version(), RUBRIC.description(), new RubricScale(1, 7),
                RUBRIC.axes());

        assertThat(of("gpt-4o-mini", reworded, RubricPrompt.TEMPLATE_VERSION, 0.0, 400, StructuredOutput.JSON_SCHEMA))
                .isNotEqualTo(base());
        assertThat(of("gpt-4o-mini", rescaled, RubricPrompt.TEMPLATE_VERSION, 0.0, 400, StructuredOutput.JSON_SCHEMA))
                .isNotEqualTo(base());
    }

    @Test
    void theTemplateVersionChangesIt() {
        assertThat(of("gpt-4o-mini", RUBRIC, "rubric-v2", 0.0, 400, StructuredOutput.JSON_SCHEMA)).isNotEqualTo(base());
    }

    @Test
    void theParametersChangeIt() {
        assertThat(of("gpt-4o-mini", RUBRIC, RubricPrompt.TEMPLATE_VERSION, 0.2, 400, StructuredOutput.JSON_SCHEMA))
                .isNotEqualTo(base());
        assertThat(of("gpt-4o-mini", RUBRIC, RubricPrompt.TEMPLATE_VERSION, null, 400, StructuredOutput.JSON_SCHEMA))
                .isNotEqualTo(base());
        assertThat(of("gpt-4o-mini", RUBRIC, RubricPrompt.TEMPLATE_VERSION, 0.0, 200, StructuredOutput.JSON_SCHEMA))
                .isNotEqualTo(base());
        assertThat(of("gpt-4o-mini", RUBRIC, RubricPrompt.TEMPLATE_VERSION, 0.0, 400, StructuredOutput.NONE))
                .isNotEqualTo(base());
    }

    @Test
    void itIsTakenOfCanonicalJsonWithSortedKeys() {
        String canonical = JudgeFingerprint.canonicalJson("m", RUBRIC, "rubric-v1", 0.0, 400,
                StructuredOutput.JSON_SCHEMA);
        assertThat(canonical).startsWith("{\"model\":\"m\",\"parameters\":{\"max_output_tokens\":400,"
                + "\"structured_output\":\"json_schema\",\"temperature\":0.0},\"rubric\":{\"axes\":[");
        assertThat(canonical).endsWith("\"template_version\":\"rubric-v1\"}");
    }
}

package io.sluice.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.simulator.annotators.AnnotatorConfig;
import io.sluice.simulator.users.PopulationConfig;
import io.sluice.simulator.world.JudgeProfile;
import io.sluice.simulator.world.SimulatorConfig;
import io.sluice.simulator.world.Variant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README documents the defaults; these tests keep it honest. */
class ReadmeConfigurationTest {
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

    private static List<String> yamlBlocks() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        List<String> blocks = new ArrayList<>();
        Matcher m = YAML_BLOCK.matcher(readme);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    @Test
    void theDocumentedUpstreamConfigurationIsTheDefault() throws IOException {
        SimulatorConfig documented = SimulatorConfig.fromYaml(yamlBlocks().get(0));

        assertThat(documented).isEqualTo(SimulatorConfig.builder()
                .addVariant(Variant.builder()
                        .name("policy-citing")
                        .systemPromptContains("cite the relevant return or shipping policy")
                        .build())
                .build());
    }

    @Test
    void theDocumentedJudgeIsTheDefaultProfile() throws IOException {
        SimulatorConfig documented = SimulatorConfig.fromYaml(yamlBlocks().get(2));

        assertThat(documented).isEqualTo(SimulatorConfig.builder().addJudge(JudgeProfile.builder().build()).build());
    }

    @Test
    void theDocumentedAnnotatorConfigurationIsTheDefault() throws IOException {
        AnnotatorConfig documented = AnnotatorConfig.fromYaml(yamlBlocks().get(3));

        assertThat(documented).isEqualTo(AnnotatorConfig.builder().routerUrl("http://127.0.0.1:8080").build());
        assertThat(documented.problems()).isEmpty();
    }

    @Test
    void theDocumentedPopulationConfigurationIsTheDefault() throws IOException {
        PopulationConfig documented = PopulationConfig.fromYaml(yamlBlocks().get(1));

        assertThat(documented).isEqualTo(PopulationConfig.builder()
                .routerUrl("http://127.0.0.1:8080")
                .experiment("support-bot")
                .build());
    }
}

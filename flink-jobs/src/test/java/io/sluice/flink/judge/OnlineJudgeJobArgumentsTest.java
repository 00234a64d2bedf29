package io.sluice.flink.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.flink.job.ClusterArguments;
import io.sluice.judge.model.StructuredOutput;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The online judge on a cluster: its endpoint and its knobs come from the same flags as every job's. */
class OnlineJudgeJobArgumentsTest {

    @Test
    void theEndpointAndTheJudgeKnobsComeFromTheJudgeFlags() {
        OnlineJudgeSettings settings = OnlineJudgeJob.settingsFrom(ClusterArguments.parse("--bootstrap", "k:9092",
                "--judge.base-url", "https://judge.example/v1/", "--judge.api-key-env", "JUDGE_KEY",
                "--judge.max-output-tokens", "600", "--judge.structured-output", "none",
                "--judge.max-in-flight", "16", "--judge.async-timeout", "2m", "--spec-wait", "10m"));

        assertThat(settings.endpoint().baseUrl()).isEqualTo("https://judge.example/v1");
        assertThat(settings.endpoint().apiKeyEnv()).isEqualTo("JUDGE_KEY");
        assertThat(settings.endpoint().maxOutputTokens()).isEqualTo(600);
        assertThat(settings.endpoint().structuredOutput()).isEqualTo(StructuredOutput.NONE);
        assertThat(settings.maxInFlight()).isEqualTo(16);
        assertThat(settings.asyncTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.specWait()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void withoutAnEndpointTheJobDoesNotStart() {
        assertThatThrownBy(() -> OnlineJudgeJob.settingsFrom(ClusterArguments.parse("--bootstrap", "k:9092")))
                .hasMessageStartingWith("--judge.base-url: required");
    }
}

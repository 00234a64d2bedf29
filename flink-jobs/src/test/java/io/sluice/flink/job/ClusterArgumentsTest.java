package io.sluice.flink.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.config.JobSettings;
import io.sluice.core.config.JobSettingsReader;
import io.sluice.core.topic.TopicNames;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The flags of a job on a cluster are the knobs of the configuration's {@code jobs:} section, in
 * kebab case: the same names, defaults and checks, and nothing a typo could silently skip.
 */
class ClusterArgumentsTest {

    @Test
    void withOnlyTheBrokerEveryKnobHasTheDefaultOfTheJobsSection() {
        ClusterArguments arguments = ClusterArguments.parse("--bootstrap", "kafka:9092");

        assertThat(arguments.bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(arguments.topics()).isEqualTo(TopicNames.defaults());
        assertThat(arguments.jobs()).isEqualTo(JobSettingsReader.defaults());
        assertThat(arguments.checkpointInterval()).isEqualTo(ClusterArguments.DEFAULT_CHECKPOINT_INTERVAL);
        assertThat(arguments.jobName()).isEmpty();
    }

    @Test
    void nestedKnobsAreReachedWithADotAndValuesReadAsTheyWouldBeInYaml() {
        ClusterArguments arguments = ClusterArguments.parse("--bootstrap=k1:9092,k2:9092",
                "--judge.base-url", "https://judge.example/v1", "--judge.max-in-flight", "32",
                "--judge.structured-output", "json_object", "--judge.retry-backoff", "1s",
                "--judge-monitor.window", "300", "--judge-monitor.first-fit-pairs", "50",
                "--pair-ttl", "12h", "--checkpoint-interval", "30s");
        JobSettings jobs = arguments.jobs();

        assertThat(jobs.judge().baseUrl()).isEqualTo("https://judge.example/v1");
        assertThat(jobs.judge().maxInFlight()).isEqualTo(32);
        assertThat(jobs.judge().structuredOutput()).isEqualTo("json_object");
        assertThat(jobs.judge().retryBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(jobs.judgeMonitor().window()).isEqualTo(300);
        assertThat(jobs.judgeMonitor().firstFitPairs()).isEqualTo(50);
        assertThat(jobs.pairTtl()).isEqualTo(Duration.ofHours(12));
        assertThat(arguments.checkpointInterval()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aFlagThatIsNoKnobIsRefusedWithTheFlagsThereAre() {
        assertThatThrownBy(() -> ClusterArguments.parse("--bootstrap", "k:9092", "--orphan-reward-tll", "30m"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--orphan-reward-tll: unknown flag")
                .hasMessageContaining("--bootstrap, --topic-prefix")
                .hasMessageContaining("orphan-reward-ttl")
                .hasMessageNotContaining("orphan_reward_ttl");
        assertThatThrownBy(() -> ClusterArguments.parse("--bootstrap", "k:9092", "--judge.max-inflight", "3"))
                .hasMessageStartingWith("--judge.max-inflight: unknown flag")
                .hasMessageContaining("max-in-flight");
    }

    @Test
    void badValuesAndBadShapesAreRefusedNamingTheFlag() {
        assertThatThrownBy(() -> ClusterArguments.parse("--bootstrap", "k:9092", "--spec-wait", "0s"))
                .hasMessage("--spec-wait: must be > 0");
        assertThatThrownBy(() -> ClusterArguments.parse("--bootstrap", "k:9092", "--checkpoint-interval", "often"))
                .hasMessageStartingWith("--checkpoint-interval: ");
        assertThatThrownBy(() -> ClusterArguments.parse("--bootstrap", "k:9092", "--judge.max-in-flight", "many"))
                .hasMessageStartingWith("--judge.max-in-flight: ");
        assertThatThrownBy(() -> ClusterArguments.parse("--topic-prefix", "p."))
                .hasMessageStartingWith("--bootstrap: required");
        assertThatThrownBy(() -> ClusterArguments.parse("--bootstrap", "k:9092", "--parallelism"))
                .hasMessage("--parallelism: needs a value");
        assertThatThrownBy(() -> ClusterArguments.parse("--bootstrap", "k:9092", "stray"))
                .hasMessageContaining("'stray'");
        assertThatThrownBy(() -> ClusterArguments.parse("--bootstrap", "k:9092", "--idleness", "1s", "--idleness", "2s"))
                .hasMessage("--idleness: given twice");
    }

    @Test
    void theNamingFlagsRenameAJobAndAJobWithoutTransactionsRefusesAPrefix() {
        ClusterArguments arguments = ClusterArguments.parse("--bootstrap", "k:9092", "--job-name", "loop-eu",
                "--transactional-id-prefix", "loop-eu-tx");
        io.sluice.flink.bandit.BanditLoopSettings loop = arguments.name(
                io.sluice.flink.bandit.BanditLoopSettings.of(arguments.jobs(), "k:9092", arguments.topics()));
        assertThat(loop.jobName()).isEqualTo("loop-eu");
        assertThat(loop.consumerGroup()).isEqualTo("loop-eu");
        assertThat(loop.transactionalIdPrefix()).isEqualTo("loop-eu-tx");

        io.sluice.flink.judge.OnlineJudgeSettings judge = io.sluice.flink.judge.OnlineJudgeSettings.of(
                arguments.jobs(), "k:9092", arguments.topics(),
                io.sluice.flink.judge.JudgeEndpointSettings.of("http://127.0.0.1:1/v1", null));
        assertThatThrownBy(() -> arguments.name(judge))
                .hasMessage("--transactional-id-prefix: this job writes no transactions");
    }
}

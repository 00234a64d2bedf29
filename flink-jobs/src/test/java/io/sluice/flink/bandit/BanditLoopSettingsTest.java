package io.sluice.flink.bandit;

import io.sluice.flink.job.ClusterArguments;
import io.sluice.flink.job.JobEnvironment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.topic.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

class BanditLoopSettingsTest {
    private static final BanditLoopSettings DEFAULTS = BanditLoopSettings.defaults("127.0.0.1:9092", TopicNames.defaults());

    @Test
    void theCommandLineOverridesTheDefaultsItNames() {
        BanditLoopSettings settings = BanditLoopJob.settingsFrom(ClusterArguments.parse(
            "--bootstrap", "kafka:9092", "--topic-prefix", "prod.", "--job-name", "loop-eu",
            "--out-of-orderness", "2s", "--orphan-reward-ttl", "30m", "--parallelism", "4",
            "--settled-retention=12h", "--spec-wait", "20m", "--transaction-timeout", "5m"));

        assertThat(settings.bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(settings.topics()).isEqualTo(new TopicNames("prod."));
        assertThat(settings.jobName()).isEqualTo("loop-eu");
        assertThat(settings.consumerGroup()).isEqualTo("loop-eu");
        assertThat(settings.transactionalIdPrefix()).isEqualTo("loop-eu");
        assertThat(settings.outOfOrderness()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.idleness()).isEqualTo(DEFAULTS.idleness());
        assertThat(settings.orphanRewardTtl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(settings.parallelism()).isEqualTo(4);
        assertThat(settings.settledRetention()).isEqualTo(Duration.ofHours(12));
        assertThat(settings.specWait()).isEqualTo(Duration.ofMinutes(20));
        assertThat(settings.transactionTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.bounded()).isFalse();
    }

    @Test
    void aDurationThatIsNotOneIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> BanditLoopJob.settingsFrom(
                ClusterArguments.parse("--bootstrap", "k:9092", "--idleness", "soon")))
                .hasMessageStartingWith("--idleness: ");
    }

    @Test
    void theEmbeddedConfigurationReachesTheJobsEnvironment() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                JobEnvironment.embeddedConfiguration(Path.of("target", "checkpoints"), Duration.ofSeconds(2)));

        assertThat(env.getCheckpointConfig().isCheckpointingEnabled()).isTrue();
        assertThat(env.getCheckpointInterval()).isEqualTo(2000);
        assertThat(env.getConfig().getSerializerConfig().hasGenericTypesDisabled()).isTrue();
        assertThat(env.getConfiguration().get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
    }

    @Test
    void theJobRefusesToBuildWithoutCheckpointsForItsExactlyOnceSink() {
        BanditLoopJob job = BanditLoopJob.fromKafka(DEFAULTS);

        assertThatThrownBy(() -> job.build(StreamExecutionEnvironment.getExecutionEnvironment()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("checkpointing");
    }
}

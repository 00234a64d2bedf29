package io.sluice.broker;

import static io.sluice.broker.KafkaClients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.topic.Topic;
import io.sluice.core.topic.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

class TopicProvisionerTest {
    @TempDir
    static Path dataDirectory;

    static EmbeddedKafka kafka;

    Admin admin;
    TopicNames names;

    @BeforeAll
    static void startBroker() {
        kafka = new EmbeddedKafka(EmbeddedKafkaConfig.inDirectory(dataDirectory)).start();
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @BeforeEach
    void eachTestHasItsOwnPrefix(TestInfo test) {
        admin = KafkaClients.admin(kafka);
        names = new TopicNames(test.getTestMethod().orElseThrow().getName() + ".");
    }

    @AfterEach
    void closeAdmin() {
        admin.close();
    }

    @Test
    void createsEveryTopicOfTheTableUnderThePrefix() throws Exception {
        ProvisionedTopics result = provisioner().provision(names, TopicLayout.brokerDefaults());

        List<String> expected = Arrays.stream(Topic.values()).map(names::of).toList();
        assertThat(result.created()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(result.existing()).isEmpty();
        assertThat(topicsUnderPrefix()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void compactedTopicsAreCompactedAndTheOthersDeleteOldSegments() throws Exception {
        provisioner().provision(names, TopicLayout.brokerDefaults());

        Map<String, String> policies = cleanupPolicies(Arrays.stream(Topic.values()).map(names::of).toList());
        assertThat(policies.get(names.of(Topic.ASSIGNMENTS))).isEqualTo("compact");
        assertThat(policies.get(names.of(Topic.EXPOSURES))).isEqualTo("delete");
        for (Topic topic : Topic.values()) {
            assertThat(policies.get(names.of(topic))).as(topic.name())
                    .isEqualTo(topic.compacted() ? "compact" : "delete");
        }
    }

    @Test
    void provisioningAgainCreatesNothingAndFindsEveryTopic() throws Exception {
        provisioner().provision(names, TopicLayout.brokerDefaults());

        ProvisionedTopics again = provisioner().provision(names, TopicLayout.brokerDefaults());

        assertThat(again.createdNothing()).isTrue();
        assertThat(again.existing()).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(Topic.values()).map(names::of).toList());
        assertThat(again.summary()).startsWith("created 0 topics, found " + Topic.values().length);
    }

    @Test
    void anExistingTopicWithTheWrongCleanupPolicyIsReportedAndNothingIsCreated() throws Exception {
        String posteriors = names.of(Topic.POSTERIORS);
        admin.createTopics(List.of(new NewTopic(posteriors, 1, (short) 1)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "delete"))))
                .all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        assertThatThrownBy(() -> provisioner().provision(names, TopicLayout.brokerDefaults()))
                .isInstanceOfSatisfying(TopicConflictException.class, conflict -> assertThat(conflict.conflicts())
                        .containsExactly(new CleanupPolicyConflict(posteriors, "compact", "delete")))
                .hasMessageContaining(posteriors)
                .hasMessageContaining("cleanup.policy=delete")
                .hasMessageContaining("cleanup.policy=compact");
        assertThat(topicsUnderPrefix()).containsExactly(posteriors);
    }

    @Test
    void aDeletingTopicThatAlsoCompactsIsAConflict() throws Exception {
        String exposures = names.of(Topic.EXPOSURES);
        admin.createTopics(List.of(new NewTopic(exposures, 1, (short) 1)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "compact,delete"))))
                .all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        assertThatThrownBy(() -> provisioner().provision(names, TopicLayout.brokerDefaults()))
                .isInstanceOf(TopicConflictException.class)
                .hasMessageContaining(exposures + " has cleanup.policy=compact,delete");
    }

    @Test
    void anExistingTopicWithTheRightPolicyIsKept() throws Exception {
        String calibration = names.of(Topic.CALIBRATION);
        admin.createTopics(List.of(new NewTopic(calibration, 2, (short) 1)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "compact"))))
                .all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        ProvisionedTopics result = provisioner().provision(names, TopicLayout.of(3, (short) 1));

        assertThat(result.existing()).containsExactly(calibration);
        assertThat(result.created()).hasSize(Topic.values().length - 1);
        assertThat(partitionCounts().get(calibration)).isEqualTo(2);
    }

    @Test
    void newTopicsGetTheRequestedPartitionsOrTheBrokerDefault() throws Exception {
        provisioner().provision(names, TopicLayout.of(3, (short) 1));
        assertThat(partitionCounts().values()).containsOnly(3);

        TopicNames others = new TopicNames("defaults-" + names.prefix());
        provisioner().provision(others, TopicLayout.brokerDefaults());
        assertThat(describe(List.of(others.of(Topic.TRACES))).get(others.of(Topic.TRACES)).partitions()).hasSize(1);
    }

    @Test
    void aLayoutTheClusterCannotHostIsRejectedBeforeAnyTopicIsCreated() throws Exception {
        assertThatThrownBy(() -> provisioner().provision(names, TopicLayout.of(1, (short) 3)))
                .isInstanceOf(TopicProvisioningException.class)
                .hasMessageContaining(names.prefix())
                .hasMessageContaining("replicat");
        assertThat(topicsUnderPrefix()).isEmpty();
    }

    @Test
    void provisioningByBootstrapAddressUsesAClientOfItsOwn() throws Exception {
        ProvisionedTopics result = TopicProvisioner.provision(
                kafka.bootstrapServers(), names, TopicLayout.brokerDefaults(), TIMEOUT);

        assertThat(result.created()).hasSize(Topic.values().length);
        assertThat(topicsUnderPrefix()).hasSize(Topic.values().length);
    }

    @Test
    void anUnreachableBrokerFailsWithinTheTimeout() {
        long startedAt = System.nanoTime();

        assertThatThrownBy(() -> TopicProvisioner.provision(
                "127.0.0.1:1", names, TopicLayout.brokerDefaults(), Duration.ofSeconds(1)))
                .isInstanceOf(TopicProvisioningException.class)
                .hasMessageContaining("create topic");
        assertThat(Duration.ofNanos(System.nanoTime() - startedAt)).isLessThan(Duration.ofSeconds(10));
    }

    private TopicProvisioner provisioner() {
        return new TopicProvisioner(admin, TIMEOUT);
    }

    private Set<String> topicsUnderPrefix() throws Exception {
        return admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).stream()
                .filter(name -> name.startsWith(names.prefix()))
                .collect(Collectors.toSet());
    }

    private Map<String, String> cleanupPolicies(List<String> topics) throws Exception {
        List<ConfigResource> resources = topics.stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all()
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return configs.entrySet().stream().collect(Collectors.toMap(
                entry -> entry.getKey().name(),
                entry -> entry.getValue().get(TopicConfig.CLEANUP_POLICY_CONFIG).value()));
    }

    private Map<String, Integer> partitionCounts() throws Exception {
        return describe(topicsUnderPrefix()).values().stream()
                .collect(Collectors.toMap(TopicDescription::name, description -> description.partitions().size()));
    }

    private Map<String, TopicDescription> describe(Collection<String> topics) throws Exception {
        return admin.describeTopics(topics).allTopicNames().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).values()
                .stream().collect(Collectors.toMap(TopicDescription::name, Function.identity()));
    }
}

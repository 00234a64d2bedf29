package io.sluice.broker;

import io.sluice.core.topic.Topic;
import io.sluice.core.topic.TopicNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeLogDirsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates every topic of the {@link Topic} table under a prefix, compacted or deleting as the
 * table says. Running it again is harmless: topics that exist are left alone once their cleanup
 * policy has been checked. If an existing topic has the wrong policy it creates nothing and
 * throws a {@link TopicConflictException} naming each one. When it returns, every topic can be
 * described, produced to and consumed from.
 */
public final class TopicProvisioner {
    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);
    private static final long RETRY_BACKOFF_MS = 50;

    private final Admin admin;
    private final Duration timeout;

    /**
     * @param admin a client the caller owns and closes
     * @param timeout the limit for one whole {@link #provision} call
     */
    public TopicProvisioner(Admin admin, Duration timeout) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    /** Provisions through a client of its own, closed before returning. */
    public static ProvisionedTopics provision(
            String bootstrapServers, TopicNames names, TopicLayout layout, Duration timeout) {
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        Map<String, Object> adminConfig = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "sluice-topic-provisioner",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        try (Admin admin = Admin.create(adminConfig)) {
            return new TopicProvisioner(admin, timeout).provision(names, layout);
        }
    }

    public ProvisionedTopics provision(TopicNames names, TopicLayout layout) {
        Deadline deadline = new Deadline(timeout);
        Map<String, Topic> table = new LinkedHashMap<>();
        Arrays.stream(Topic.values()).forEach(topic -> table.put(names.of(topic), topic));
        List<NewTopic> wanted = table.entrySet().stream()
                .map(entry -> newTopic(entry.getKey(), entry.getValue(), layout)).toList();

        // The controller answers a validate-only request from its own, current view: a topic
        // created a moment ago may not be listed by a broker yet, but the controller knows it.
        // The dry run also rejects an impossible layout before anything is created.
        Map<String, KafkaFuture<Void>> dryRun = admin.createTopics(wanted,
                new CreateTopicsOptions().validateOnly(true).timeoutMs(deadline.remainingMs())).values();
        List<String> existing = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : table.keySet()) {
            (succeededOrAlreadyExists(name, dryRun.get(name), deadline) ? missing : existing).add(name);
        }

        // Check before creating, so that a conflict leaves the cluster as it was.
        requireMatchingPolicies(existing, table, deadline);
        List<String> created = new ArrayList<>();
        List<String> createdElsewhere = new ArrayList<>();
        if (!missing.isEmpty()) {
            List<NewTopic> newTopics = wanted.stream().filter(topic -> missing.contains(topic.name())).toList();
            Map<String, KafkaFuture<Void>> results =
                    admin.createTopics(newTopics, new CreateTopicsOptions().timeoutMs(deadline.remainingMs())).values();
            for (String name : missing) {
                (succeededOrAlreadyExists(name, results.get(name), deadline) ? created : createdElsewhere).add(name);
            }
        }
        // Another process may have created a topic between the dry run and ours.
        requireMatchingPolicies(createdElsewhere, table, deadline);
        existing.addAll(createdElsewhere);
        Map<String, TopicDescription> described = awaitVisibleToBroker(created, deadline);
        awaitReplicasOnline(described, deadline);

        ProvisionedTopics result = new ProvisionedTopics(created, existing);
        LOG.info("Topics under prefix '{}': {}", names.prefix(), result.summary());
        return result;
    }

    private static NewTopic newTopic(String name, Topic topic, TopicLayout layout) {
        return new NewTopic(name, layout.partitions(), layout.replicationFactor())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, requiredPolicy(topic)));
    }

    private static String requiredPolicy(Topic topic) {
        return topic.compacted() ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE;
    }

    /** True if the creation (or its dry run) succeeded, false if the topic already exists. */
    private boolean succeededOrAlreadyExists(String name, KafkaFuture<Void> creation, Deadline deadline) {
        try {
            await("create topic " + name, creation, deadline);
            return true;
        } catch (TopicProvisioningException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw e;
        }
    }

    private void requireMatchingPolicies(Collection<String> topics, Map<String, Topic> table, Deadline deadline) {
        if (topics.isEmpty()) {
            return;
        }
        List<ConfigResource> resources = topics.stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        Map<ConfigResource, Config> configs = retryWhileUnknown("describe the configs of " + topics, deadline,
                () -> admin.describeConfigs(resources, new DescribeConfigsOptions().timeoutMs(deadline.remainingMs()))
                        .all());
        List<CleanupPolicyConflict> conflicts = new ArrayList<>();
        for (ConfigResource resource : resources) {
            String required = requiredPolicy(table.get(resource.name()));
            ConfigEntry entry = configs.get(resource).get(TopicConfig.CLEANUP_POLICY_CONFIG);
            String actual = entry == null || entry.value() == null ? "" : entry.value();
            if (!policies(actual).equals(policies(required))) {
                conflicts.add(new CleanupPolicyConflict(resource.name(), required, actual));
            }
        }
        if (!conflicts.isEmpty()) {
            throw new TopicConflictException(conflicts);
        }
    }

    /**
     * The controller confirms a creation before the broker's metadata cache has it; until then
     * clients are told the topic does not exist.
     */
    private Map<String, TopicDescription> awaitVisibleToBroker(Collection<String> topics, Deadline deadline) {
        if (topics.isEmpty()) {
            return Map.of();
        }
        return retryWhileUnknown("see the new topics " + topics, deadline,
                () -> admin.describeTopics(topics, new DescribeTopicsOptions().timeoutMs(deadline.remainingMs()))
                        .allTopicNames());
    }

    /**
     * Metadata names a partition's leader a moment before that broker has created the log and
     * taken the leadership. A producer writing in that moment is told NOT_LEADER_OR_FOLLOWER, and
     * an idempotent producer retrying several batches can then land a later batch first and
     * stall on OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout. So a new topic is handed
     * over only once every replica's log exists on its broker.
     */
    private void awaitReplicasOnline(Map<String, TopicDescription> topics, Deadline deadline) {
        Map<Integer, Set<TopicPartition>> expected = new java.util.HashMap<>();
        topics.values().forEach(topic -> topic.partitions().forEach(partition -> partition.replicas().forEach(
                node -> expected.computeIfAbsent(node.id(), id -> new java.util.HashSet<>())
                        .add(new TopicPartition(topic.name(), partition.partition())))));
        while (!expected.isEmpty()) {
            Map<Integer, Map<String, LogDirDescription>> logDirs = await("describe the log directories",
                    admin.describeLogDirs(expected.keySet(),
                            new DescribeLogDirsOptions().timeoutMs(deadline.remainingMs())).allDescriptions(),
                    deadline);
            logDirs.forEach((broker, dirs) -> {
                Set<TopicPartition> missing = expected.get(broker);
                if (missing != null) {
                    dirs.values().forEach(dir -> missing.removeAll(dir.replicaInfos().keySet()));
                    if (missing.isEmpty()) {
                        expected.remove(broker);
                    }
                }
            });
            if (expected.isEmpty()) {
                return;
            }
            if (deadline.remainingMs() <= RETRY_BACKOFF_MS) {
                throw new TopicProvisioningException("replicas not online within the timeout: " + expected, null);
            }
            try {
                Thread.sleep(RETRY_BACKOFF_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TopicProvisioningException("interrupted while waiting for replicas", e);
            }
        }
    }

    private <T> T retryWhileUnknown(String what, Deadline deadline, Supplier<KafkaFuture<T>> request) {
        while (true) {
            try {
                return await(what, request.get(), deadline);
            } catch (TopicProvisioningException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || deadline.remainingMs() <= RETRY_BACKOFF_MS) {
                    throw e;
                }
            }
            try {
                Thread.sleep(RETRY_BACKOFF_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TopicProvisioningException("interrupted while waiting to " + what, e);
            }
        }
    }

    /** {@code "delete,compact"} and {@code "compact, delete"} are the same policy. */
    private static Set<String> policies(String value) {
        return Arrays.stream(value.split(","))
                .map(String::strip)
                .filter(policy -> !policy.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private <T> T await(String what, KafkaFuture<T> future, Deadline deadline) {
        try {
            return future.get(deadline.remainingMs(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new TopicProvisioningException("could not " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new TopicProvisioningException(
                    "could not " + what + ": Kafka did not answer within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicProvisioningException("interrupted while trying to " + what, e);
        }
    }

    /** One time limit for all the requests of a provisioning run. */
    private record Deadline(long endNanos) {
        Deadline(Duration timeout) {
            this(System.nanoTime() + timeout.toNanos());
        }

        int remainingMs() {
            long remaining = TimeUnit.NANOSECONDS.toMillis(endNanos - System.nanoTime());
            return (int) Math.max(0, Math.min(Integer.MAX_VALUE, remaining));
        }
    }
}

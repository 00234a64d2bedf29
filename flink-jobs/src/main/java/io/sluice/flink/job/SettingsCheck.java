package io.sluice.flink.job;

import io.sluice.core.topic.TopicNames;
import java.time.Duration;
import java.util.Objects;

/** The checks the jobs' settings records make of themselves, each failing with the setting's name. */
public final class SettingsCheck {
    private SettingsCheck() {}

    /** What every job has: a Kafka cluster, topic names, a name, a consumer group and a parallelism. */
    public static void requireJob(String bootstrapServers, TopicNames topics, String jobName, String consumerGroup,
            int parallelism) {
        requireText(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topics, "topics");
        requireText(jobName, "jobName");
        requireText(consumerGroup, "consumerGroup");
        requireAtLeastOne(parallelism, "parallelism");
    }

    public static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }

    public static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }

    public static void requireAtLeastOne(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
    }
}

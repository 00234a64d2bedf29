package io.sluice.broker;

import java.util.Objects;
import java.util.Optional;

/**
 * Partitions and replication factor for new topics; an empty value leaves the choice to the
 * broker's {@code num.partitions} and {@code default.replication.factor}.
 */
public record TopicLayout(Optional<Integer> partitions, Optional<Short> replicationFactor) {
    public TopicLayout {
        Objects.requireNonNull(partitions, "partitions");
        Objects.requireNonNull(replicationFactor, "replicationFactor");
        partitions.filter(p -> p < 1).ifPresent(p -> {
            throw new IllegalArgumentException("partitions must be at least 1: " + p);
        });
        replicationFactor.filter(r -> r < 1).ifPresent(r -> {
            throw new IllegalArgumentException("replicationFactor must be at least 1: " + r);
        });
    }

    public static TopicLayout brokerDefaults() {
        return new TopicLayout(Optional.empty(), Optional.empty());
    }

    public static TopicLayout of(int partitions, short replicationFactor) {
        return new TopicLayout(Optional.of(partitions), Optional.of(replicationFactor));
    }
}

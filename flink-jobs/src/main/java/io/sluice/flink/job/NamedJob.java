package io.sluice.flink.job;

import io.sluice.core.topic.TopicNames;

/**
 * Settings of a job that can run under another name, as a cluster may run two copies of it: the
 * name also names its consumer group (and its transactions) unless those are given apart.
 */
public interface NamedJob<S extends NamedJob<S>> {
    /** The Kafka cluster, {@code host:port[,host:port]}. */
    String bootstrapServers();

    TopicNames topics();

    /** The Flink job's name; also the consumer named in dead letters and the client ids. */
    String jobName();

    /** The group under which the sources commit their offsets. */
    String consumerGroup();

    /** Read the input topics up to the offsets they have at the start, then finish. */
    boolean bounded();

    /** Under another name, with the consumer group (and transactional ids) following it. */
    S withJobName(String name);

    S withConsumerGroup(String group);
}

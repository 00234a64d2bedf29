package io.sluice.flink.job;

/**
 * Settings of a job that can run under another name, as a cluster may run two copies of it: the
 * name also names its consumer group (and its transactions) unless those are given apart.
 */
public interface NamedJob<S extends NamedJob<S>> {
    String jobName();

    /** Under another name, with the consumer group (and transactional ids) following it. */
    S withJobName(String name);

    S withConsumerGroup(String group);
}

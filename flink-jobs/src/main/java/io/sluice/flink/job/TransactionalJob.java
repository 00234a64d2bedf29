package io.sluice.flink.job;

/** Settings of a job with exactly-once Kafka sinks, whose transactional ids a cluster may set apart. */
public interface TransactionalJob<S extends TransactionalJob<S>> extends NamedJob<S> {
    S withTransactionalIdPrefix(String prefix);
}

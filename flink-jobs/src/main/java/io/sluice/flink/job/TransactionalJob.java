package io.sluice.flink.job;

import java.time.Duration;

/** Settings of a job with exactly-once Kafka sinks, whose transactional ids a cluster may set apart. */
public interface TransactionalJob<S extends TransactionalJob<S>> extends NamedJob<S> {
    /** The prefix of the transactional ids of the job's sinks, unique per job on a cluster. */
    String transactionalIdPrefix();

    Duration transactionTimeout();

    S withTransactionalIdPrefix(String prefix);
}

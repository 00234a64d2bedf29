package io.sluice.flink.serde;

import io.sluice.flink.job.NamedJob;
import io.sluice.flink.job.TransactionalJob;

import io.sluice.core.event.DeadLetter;
import io.sluice.core.topic.Topic;
import io.sluice.core.topic.TopicNames;
import java.time.Duration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerConfig;

/** How every job of the learning path writes one of its output topics: JSON values, keyed. */
public final class TopicSink {
    private TopicSink() {}

    /** {@code job}'s records on {@code topic}, written at once; after a failure some may be written again. */
    public static <T> KafkaSink<T> atLeastOnce(NamedJob<?> job, Topic topic, SerializableFunction<T, String> key) {
        return atLeastOnce(job.bootstrapServers(), job.topics().of(topic), key);
    }

    /**
     * {@code job}'s records on {@code topic}, in transactions committed with each checkpoint, under
     * the job's transactional id prefix followed by {@code -sink}.
     */
    public static <T> KafkaSink<T> exactlyOnce(TransactionalJob<?> job, Topic topic,
            SerializableFunction<T, String> key, String sink) {
        return exactlyOnce(job.bootstrapServers(), job.topics().of(topic), key,
                job.transactionalIdPrefix() + "-" + sink, job.transactionTimeout());
    }

    /** {@code job}'s dead letters, exactly once (see {@link #deadLetters(String, TopicNames, String, Duration)}). */
    public static KafkaSink<DeadLetter> deadLetters(TransactionalJob<?> job) {
        return exactlyOnce(job, Topic.DEAD_LETTERS, DeadLetter::sourceTopic, "dead-letters");
    }

    /** Records written at once; after a failure some may be written again. */
    public static <T> KafkaSink<T> atLeastOnce(String bootstrapServers, String topic,
            SerializableFunction<T, String> key) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(new JsonRecordSerializer<>(topic, key))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    /**
     * Records written in Kafka transactions committed with each checkpoint: a read_committed
     * consumer sees each exactly once, a checkpoint interval after it was made.
     *
     * @param transactionalIdPrefix unique per sink across every job writing to the cluster
     * @param transactionTimeout longer than the longest checkpoint plus restart, at most the
     *     brokers' {@code transaction.max.timeout.ms}
     */
    public static <T> KafkaSink<T> exactlyOnce(String bootstrapServers, String topic,
            SerializableFunction<T, String> key, String transactionalIdPrefix, Duration transactionTimeout) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(new JsonRecordSerializer<>(topic, key))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(transactionTimeout.toMillis()))
                .build();
    }

    /**
     * Dead letters, keyed by the topic they came from, exactly once (visible at checkpoints). They
     * are counted (the router's {@code /healthz} and metrics, the demo's report), and many come from
     * timers in keyed state that a recovery fires again: written at once, a failure would count an
     * unmatched reward twice.
     *
     * @param transactionalIdPrefix unique per sink across every job writing to the cluster
     */
    public static KafkaSink<DeadLetter> deadLetters(String bootstrapServers, TopicNames topics,
            String transactionalIdPrefix, Duration transactionTimeout) {
        return exactlyOnce(bootstrapServers, topics.of(Topic.DEAD_LETTERS), DeadLetter::sourceTopic,
                transactionalIdPrefix, transactionTimeout);
    }
}

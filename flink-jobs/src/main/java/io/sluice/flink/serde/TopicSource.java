package io.sluice.flink.serde;

import io.sluice.core.topic.Topic;
import io.sluice.flink.job.NamedJob;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.flink.util.function.SerializableFunction;

/** How every job of the learning path reads one of its input topics. */
public final class TopicSource {
    private TopicSource() {}

    /** A source of one of {@code job}'s input topics, under its consumer group and name (see below). */
    public static KafkaSource<Decoded> kafka(NamedJob<?> job, Topic topic, LoopInput input) {
        return kafka(job.bootstrapServers(), job.topics().of(topic), job.consumerGroup(), job.jobName(), input,
                job.bounded());
    }

    /**
     * A source of one topic, decoded in the source ({@link LoopInputDeserializer}). Topics of events
     * start from the consumer group's committed offsets, or the earliest when it has none; the
     * compacted topics of specs, calibrations and controls are always read whole, since every current
     * value is needed. All read committed records only.
     *
     * @param consumer the job's name: the client id prefix, and who failed, in dead letters
     * @param bounded read up to the offsets the topic has when the job starts, then finish
     */
    public static KafkaSource<Decoded> kafka(String bootstrapServers, String topic, String consumerGroup,
            String consumer, LoopInput input, boolean bounded) {
        boolean compacted = input == LoopInput.EXPERIMENTS || input == LoopInput.CALIBRATION
                || input == LoopInput.CONTROLS;
        KafkaSourceBuilder<Decoded> builder = KafkaSource.<Decoded>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic)
                .setGroupId(consumerGroup)
                .setClientIdPrefix(consumer + "-" + input.name().toLowerCase().replace('_', '-'))
                .setDeserializer(new LoopInputDeserializer(input, consumer))
                .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .setStartingOffsets(compacted
                        ? OffsetsInitializer.earliest()
                        : OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST));
        if (bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /**
     * The typed stream of a source's topic, its undecodable records split off to
     * {@link DeadLetterSplit#DEAD_LETTERS}. The split is chained to the source and costs no hop;
     * event time and watermarks are assigned in the source, per partition.
     *
     * @param part what of a decoded record the topic carries ({@code Decoded::exposure}, say)
     */
    public static <T> SingleOutputStreamOperator<T> read(StreamExecutionEnvironment env, Source<Decoded, ?, ?> source,
            WatermarkStrategy<Decoded> watermarks, String name, int parallelism, SerializableFunction<Decoded, T> part,
            Class<T> type) {
        return env.fromSource(source, watermarks, name + "-source", TypeInformation.of(Decoded.class))
                .uid(name + "-source").setParallelism(parallelism)
                .process(new DeadLetterSplit<>(part), TypeInformation.of(type))
                .name(name + "-decoded").uid(name + "-decoded").setParallelism(parallelism);
    }
}

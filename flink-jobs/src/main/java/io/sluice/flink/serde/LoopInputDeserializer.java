package io.sluice.flink.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.core.config.ConfigException;
import io.sluice.core.event.DeadLetter;
import io.sluice.core.event.DeadLetterCause;
import io.sluice.core.event.Calibration;
import io.sluice.core.event.Exposure;
import io.sluice.core.event.JudgeScore;
import io.sluice.core.event.Label;
import io.sluice.core.event.Reward;
import io.sluice.core.event.SchemaVersion;
import io.sluice.core.event.Trace;
import io.sluice.core.experiment.ExperimentSpec;
import io.sluice.core.experiment.ExperimentSpecReader;
import io.sluice.core.json.SluiceJson;
import io.sluice.flink.calibration.CalibrationChange;
import io.sluice.flink.experiments.JobSpec;
import io.sluice.flink.experiments.SpecChange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes the project's JSON inside the Kafka source. Decoding here, rather than in an operator
 * after the source, keeps per-partition watermarks: the source's watermark strategy sees each
 * record's event time on the partition it came from.
 *
 * <p>A record that is not valid JSON, violates the event's schema (the records validate in their
 * constructors) or carries an unknown schema version becomes a {@link DeadLetter} with the
 * decoder's message and the original bytes. Nothing a producer writes can fail the job.
 */
public final class LoopInputDeserializer implements KafkaRecordDeserializationSchema<Decoded> {
    private static final long serialVersionUID = 1L;
    private static final byte[] NO_BYTES = new byte[0];

    private final LoopInput input;
    private final String consumer;
    private final Clock clock;
    private transient ObjectMapper mapper;

    /**
     * @param consumer who failed to read a record, for the dead letter: the job's name
     * @param clock when a record failed, for the dead letter
     */
    public LoopInputDeserializer(LoopInput input, String consumer, Clock clock) {
        this.input = Objects.requireNonNull(input, "input");
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public LoopInputDeserializer(LoopInput input, String consumer) {
        this(input, consumer, Clock.systemUTC());
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        mapper = SluiceJson.create();
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Decoded> out) {
        if (mapper == null) {
            mapper = SluiceJson.create();
        }
        out.collect(decode(record));
    }

    private Decoded decode(ConsumerRecord<byte[], byte[]> record) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        byte[] value = record.value();
        if (input == LoopInput.EXPERIMENTS) {
            return decodeSpec(record, key, value);
        }
        if (input == LoopInput.CALIBRATION) {
            return decodeCalibration(record, key, value);
        }
        if (value == null) {
            return deadLetter(record, key, NO_BYTES, "a record without a value (tombstone) on a topic of events");
        }
        try {
            return switch (input) {
                case EXPOSURES -> Decoded.of(mapper.readValue(value, Exposure.class));
                case REWARDS -> Decoded.of(mapper.readValue(value, Reward.class));
                case TRACES -> Decoded.of(mapper.readValue(value, Trace.class));
                case JUDGE_SCORES -> Decoded.of(mapper.readValue(value, JudgeScore.class));
                case LABELS -> Decoded.of(mapper.readValue(value, Label.class));
                case CONTROLS -> Decoded.of(mapper.readValue(value, io.sluice.core.event.Control.class));
                case EXPERIMENTS, CALIBRATION -> throw new IllegalStateException("decoded above");
            };
        } catch (JsonProcessingException e) {
            return deadLetter(record, key, value, describe(e));
        } catch (IOException | RuntimeException e) {
            return deadLetter(record, key, value, "unreadable " + noun() + ": " + e.getMessage());
        }
    }

    private Decoded decodeSpec(ConsumerRecord<byte[], byte[]> record, String key, byte[] value) {
        if (value == null) {
            if (key == null || key.isBlank()) {
                return deadLetter(record, key, NO_BYTES, "a tombstone without a key names no experiment to remove");
            }
            return Decoded.of(SpecChange.deletion(key));
        }
        try {
            ExperimentSpec spec = ExperimentSpecReader.fromJson(mapper.readTree(value),
                    "experiment spec at " + record.topic() + "-" + record.partition() + "@" + record.offset());
            if (key != null && !key.equals(spec.name())) {
                return deadLetter(record, key, value,
                        "record key '" + key + "' does not match the spec's name '" + spec.name() + "'");
            }
            return Decoded.of(new SpecChange(spec.name(), JobSpec.of(spec)));
        } catch (ConfigException e) {
            return deadLetter(record, key, value, "invalid experiment spec: " + e.getMessage());
        } catch (JsonProcessingException e) {
            return deadLetter(record, key, value, describe(e));
        } catch (IOException | RuntimeException e) {
            return deadLetter(record, key, value, "unreadable experiment spec: " + e.getMessage());
        }
    }

    /**
     * A calibration of the compacted topic, keyed by its fingerprint. A tombstone withdraws the
     * fingerprint's calibration; a key that names another judge than the value is refused, since
     * compaction would otherwise keep the wrong calibration under it.
     */
    private Decoded decodeCalibration(ConsumerRecord<byte[], byte[]> record, String key, byte[] value) {
        if (value == null) {
            if (key == null || key.isBlank()) {
                return deadLetter(record, key, NO_BYTES, "a tombstone without a key names no judge to uncalibrate");
            }
            return Decoded.of(CalibrationChange.removal(key));
        }
        try {
            Calibration calibration = mapper.readValue(value, Calibration.class);
            if (key != null && !key.equals(calibration.fingerprint())) {
                return deadLetter(record, key, value, "record key '" + key + "' does not match the calibration's "
                        + "fingerprint '" + calibration.fingerprint() + "'");
            }
            return Decoded.of(new CalibrationChange(calibration.fingerprint(), calibration));
        } catch (JsonProcessingException e) {
            return deadLetter(record, key, value, describe(e));
        } catch (IOException | RuntimeException e) {
            return deadLetter(record, key, value, "unreadable calibration: " + e.getMessage());
        }
    }

    private String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (e.getLocation() != null) {
            message += " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        }
        return "unreadable " + noun() + ": " + message;
    }

    private String noun() {
        return switch (input) {
            case EXPOSURES -> "exposure";
            case REWARDS -> "reward";
            case EXPERIMENTS -> "experiment spec";
            case TRACES -> "trace";
            case JUDGE_SCORES -> "judge score";
            case LABELS -> "label";
            case CALIBRATION -> "calibration";
            case CONTROLS -> "control";
        };
    }

    private Decoded deadLetter(ConsumerRecord<byte[], byte[]> record, String key, byte[] original, String reason) {
        return Decoded.of(new DeadLetter(SchemaVersion.CURRENT, record.topic(), record.partition(), record.offset(),
                key, original, reason, DeadLetterCause.UNREADABLE, consumer, clock.instant()));
    }

    @Override
    public TypeInformation<Decoded> getProducedType() {
        return TypeInformation.of(Decoded.class);
    }
}

package io.sluice.flink.bandit;

import io.sluice.flink.serde.Decoded;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time of the loop's inputs. The Kafka source applies a strategy per partition, so one
 * partition running ahead does not make another one's records late.
 */
public final class InputWatermarks {
    private InputWatermarks() {}

    /**
     * Exposures by their decision time, rewards by when the user acted, with bounded
     * out-of-orderness and idleness. Dead letters have no event time: they keep the record's Kafka
     * timestamp but do not move the watermark, which a producer's clock must not decide.
     */
    public static WatermarkStrategy<Decoded> events(Duration outOfOrderness, Duration idleness) {
        return WatermarkStrategy.<Decoded>forGenerator(
                        context -> new EventsOnly(new BoundedOutOfOrdernessWatermarks<>(outOfOrderness)))
                .withTimestampAssigner((decoded, kafkaTimestamp) ->
                        decoded.eventTime().map(Instant::toEpochMilli).orElse(kafkaTimestamp))
                .withIdleness(idleness);
    }

    /**
     * Spec changes are not events in time. Their input of a two-input operator must not hold the
     * other input's watermark back, which it would with no watermark at all; a watermark at the end
     * of time takes it out of the minimum.
     */
    public static WatermarkStrategy<Decoded> specs() {
        return WatermarkStrategy.forGenerator(context -> new EndOfTime());
    }

    private static final class EventsOnly implements WatermarkGenerator<Decoded> {
        private final WatermarkGenerator<Decoded> events;

        EventsOnly(WatermarkGenerator<Decoded> events) {
            this.events = events;
        }

        @Override
        public void onEvent(Decoded event, long eventTimestamp, WatermarkOutput output) {
            if (!event.isDeadLetter()) {
                events.onEvent(event, eventTimestamp, output);
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            events.onPeriodicEmit(output);
        }
    }

    private static final class EndOfTime implements WatermarkGenerator<Decoded> {
        @Override
        public void onEvent(Decoded event, long eventTimestamp, WatermarkOutput output) {}

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            output.emitWatermark(new Watermark(Long.MAX_VALUE));
        }
    }
}

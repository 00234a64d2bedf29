package io.sluice.flink.bandit;

import io.sluice.flink.serde.Decoded;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.util.clock.RelativeClock;

/**
 * Event time of the loop's inputs. The Kafka source applies a strategy per partition, so one
 * partition running ahead does not make another one's records late.
 */
public final class InputWatermarks {
    private InputWatermarks() {}

    /**
     * Exposures by their decision time, rewards by when the user acted, with bounded
     * out-of-orderness. Dead letters have no event time: they keep the record's Kafka timestamp
     * but do not move the watermark, which a producer's clock must not decide.
     *
     * <p>A partition that has been quiet for {@code idleness} stops holding the watermark back:
     * its watermark follows the wall clock, {@code outOfOrderness + idleness} behind. Events are
     * stamped by the router's and the apps' clocks, so a caught-up partition without traffic
     * cannot hold anything older than that. This replaces Flink's idle marking, which has two
     * effects the loop cannot live with: while every partition is idle the watermark stands
     * still, so open windows never close during a pause in traffic; and an idle source drops the
     * end-of-time watermark of a draining stop or of the end of a bounded input, so the pending
     * windows are never settled. Quiet is measured on the source's input-activity clock, which
     * stands still under backpressure, so a partition with a backlog is never taken for quiet.
     */
    public static WatermarkStrategy<Decoded> events(Duration outOfOrderness, Duration idleness) {
        return events(outOfOrderness, idleness, Clock.systemUTC());
    }

    static WatermarkStrategy<Decoded> events(Duration outOfOrderness, Duration idleness, Clock wallClock) {
        long outOfOrdernessMillis = outOfOrderness.toMillis();
        long idlenessMillis = idleness.toMillis();
        return WatermarkStrategy.<Decoded>forGenerator(context -> new EventTimeOrWallClock(
                        outOfOrdernessMillis, idlenessMillis, context.getInputActivityClock(), wallClock))
                .withTimestampAssigner((decoded, kafkaTimestamp) ->
                        decoded.eventTime().map(Instant::toEpochMilli).orElse(kafkaTimestamp));
    }

    /**
     * Spec changes are not events in time. Their input of a two-input operator must not hold the
     * other input's watermark back, which it would with no watermark at all (it would stay at the
     * beginning of time). The spec source declares itself idle for good, which takes it out of the
     * operators' minimum.
     *
     * <p>Not a watermark at the end of time, the usual trick: if the event inputs ever went idle, a
     * two-input operator would forward the watermark of its only active input and settle every
     * open window at once.
     */
    public static WatermarkStrategy<Decoded> specs() {
        return WatermarkStrategy.forGenerator(context -> new AlwaysIdle());
    }

    static final class EventTimeOrWallClock implements WatermarkGenerator<Decoded> {
        private final long outOfOrderness;
        private final long idleness;
        private final RelativeClock activity;
        private final Clock wallClock;
        private long newestEvent;
        private long lastActive;
        private long emitted = Long.MIN_VALUE;

        EventTimeOrWallClock(long outOfOrderness, long idleness, RelativeClock activity, Clock wallClock) {
            this.outOfOrderness = outOfOrderness;
            this.idleness = idleness;
            this.activity = activity;
            this.wallClock = wallClock;
            this.newestEvent = Long.MIN_VALUE + outOfOrderness + 1;
            this.lastActive = activity.relativeTimeMillis();
        }

        @Override
        public void onEvent(Decoded event, long eventTimestamp, WatermarkOutput output) {
            lastActive = activity.relativeTimeMillis();
            if (!event.isDeadLetter()) {
                newestEvent = Math.max(newestEvent, eventTimestamp);
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            long watermark = newestEvent - outOfOrderness - 1;
            if (activity.relativeTimeMillis() - lastActive >= idleness) {
                watermark = Math.max(watermark, wallClock.millis() - outOfOrderness - idleness);
            }
            if (watermark > emitted) {
                emitted = watermark;
                output.emitWatermark(new Watermark(watermark));
            }
        }
    }

    private static final class AlwaysIdle implements WatermarkGenerator<Decoded> {
        @Override
        public void onEvent(Decoded event, long eventTimestamp, WatermarkOutput output) {}

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            output.markIdle();
        }
    }
}

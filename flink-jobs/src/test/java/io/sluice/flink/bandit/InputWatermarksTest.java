package io.sluice.flink.bandit;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.event.DeadLetter;
import io.sluice.core.event.Signal;
import io.sluice.flink.LoopFixtures;
import io.sluice.flink.serde.Decoded;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.ManualClock;
import org.junit.jupiter.api.Test;

class InputWatermarksTest extends LoopFixtures {
    private static final long OUT_OF_ORDERNESS = 5_000;
    private static final long IDLENESS = 10_000;
    private static final Clock WALL = Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC);

    private final ManualClock activity = new ManualClock();
    private final List<Long> watermarks = new ArrayList<>();
    private final WatermarkOutput output = new WatermarkOutput() {
        @Override
        public void emitWatermark(Watermark watermark) {
            watermarks.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {
            throw new AssertionError("event partitions are never marked idle");
        }

        @Override
        public void markActive() {}
    };
    private final InputWatermarks.EventTimeOrWallClock generator =
            new InputWatermarks.EventTimeOrWallClock(OUT_OF_ORDERNESS, IDLENESS, activity, WALL);

    @Test
    void theWatermarkTrailsTheNewestEventByTheOutOfOrderness() {
        event(Decoded.of(exposure("r1", CHECKOUT, "a", seconds(60))));
        event(Decoded.of(reward("r0", Signal.THUMBS_UP, seconds(50))));

        generator.onPeriodicEmit(output);

        assertThat(watermarks).containsExactly(millis(seconds(60)) - OUT_OF_ORDERNESS - 1);
    }

    @Test
    void deadLettersDoNotMoveTheWatermark() {
        event(Decoded.of(exposure("r1", CHECKOUT, "a", seconds(60))));
        event(Decoded.of(new DeadLetter(1, "t", 0, 1, null, new byte[0], "bad",
                io.sluice.core.event.DeadLetterCause.UNREADABLE, "c", WALL.instant())));

        generator.onPeriodicEmit(output);

        assertThat(watermarks).containsExactly(millis(seconds(60)) - OUT_OF_ORDERNESS - 1);
    }

    @Test
    void aPartitionQuietForTheIdlenessFollowsTheWallClock() {
        event(Decoded.of(exposure("r1", CHECKOUT, "a", seconds(60))));
        activity.advanceTime(Duration.ofMillis(IDLENESS - 1));
        generator.onPeriodicEmit(output);

        activity.advanceTime(Duration.ofMillis(1));
        generator.onPeriodicEmit(output);

        assertThat(watermarks).containsExactly(millis(seconds(60)) - OUT_OF_ORDERNESS - 1,
                WALL.millis() - OUT_OF_ORDERNESS - IDLENESS);
    }

    @Test
    void theWatermarkNeverGoesBackWhenTrafficResumesWithOlderEvents() {
        activity.advanceTime(Duration.ofMillis(IDLENESS));
        generator.onPeriodicEmit(output);

        event(Decoded.of(exposure("r1", CHECKOUT, "a", seconds(60))));
        generator.onPeriodicEmit(output);

        assertThat(watermarks).containsExactly(WALL.millis() - OUT_OF_ORDERNESS - IDLENESS);
    }

    private void event(Decoded decoded) {
        generator.onEvent(decoded, decoded.eventTime().map(i -> i.toEpochMilli()).orElse(0L), output);
    }
}

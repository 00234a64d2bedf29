package io.sluice.flink.guardrails;

import io.sluice.core.event.Exposure;
import io.sluice.flink.job.ProcessingTimeRetention;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Passes on the first exposure of each unit of an experiment and drops the rest: sample ratio
 * mismatch is counted on units, since conversations (and users) make a different number of
 * requests on each arm. Keyed by {@link #unitKey}. A unit is remembered for {@code retention} of
 * processing time after its first exposure (state TTL); one that comes back later counts again.
 */
public final class FirstExposures extends KeyedProcessFunction<String, Exposure, Exposure> {
    private static final long serialVersionUID = 1L;

    private final Duration retention;
    private transient ValueState<Boolean> seen;

    public FirstExposures(Duration retention) {
        this.retention = Objects.requireNonNull(retention, "retention");
    }

    /** The experiment and the unit, its type included (a user {@code u1} and a conversation {@code u1} are two units). */
    public static String unitKey(Exposure exposure) {
        return exposure.experiment() + "\u0000" + exposure.unitType().name() + "\u0000" + exposure.unit();
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<Boolean> descriptor = new ValueStateDescriptor<>("unit-seen", Types.BOOLEAN);
        descriptor.enableTimeToLive(ProcessingTimeRetention.afterWrite(retention));
        seen = getRuntimeContext().getState(descriptor);
    }

    @Override
    public void processElement(Exposure exposure, Context ctx, Collector<Exposure> out) throws Exception {
        if (seen.value() == null) {
            seen.update(true);
            out.collect(exposure);
        }
    }
}

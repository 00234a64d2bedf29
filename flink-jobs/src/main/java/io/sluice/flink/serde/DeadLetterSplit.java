package io.sluice.flink.serde;

import io.sluice.core.event.DeadLetter;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Sends records that could not be decoded to the {@link #DEAD_LETTERS} side output and lets the
 * others through. Chained to its source, it costs no network hop.
 */
public final class DeadLetterSplit extends ProcessFunction<Decoded, Decoded> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    @Override
    public void processElement(Decoded value, Context ctx, Collector<Decoded> out) {
        if (value.isDeadLetter()) {
            ctx.output(DEAD_LETTERS, value.deadLetter());
        } else {
            out.collect(value);
        }
    }
}

package io.sluice.flink.serde;

import io.sluice.core.event.DeadLetter;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Turns a source's decoded records into the typed stream of its topic: a record that could not be
 * decoded goes to the {@link #DEAD_LETTERS} side output, the others on as what their topic carries
 * (an exposure, a reward, a spec change...). Chained to its source, it costs no network hop.
 *
 * @param <T> what the topic carries
 */
public final class DeadLetterSplit<T> extends ProcessFunction<Decoded, T> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    private final SerializableFunction<Decoded, T> part;

    /** @param part what of a decoded record the topic carries ({@code Decoded::exposure}, say) */
    public DeadLetterSplit(SerializableFunction<Decoded, T> part) {
        this.part = Objects.requireNonNull(part, "part");
    }

    @Override
    public void processElement(Decoded value, Context ctx, Collector<T> out) throws Exception {
        if (value.isDeadLetter()) {
            ctx.output(DEAD_LETTERS, value.deadLetter());
            return;
        }
        T typed = part.apply(value);
        if (typed == null) {
            throw new IllegalStateException("a record of another topic reached this split: " + value);
        }
        out.collect(typed);
    }
}

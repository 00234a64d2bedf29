package io.sluice.flink.experiments;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;

/**
 * Records of one key that wait, in keyed state, for their experiment's spec: broadcast and keyed
 * inputs are not ordered, and at a fresh start a backlog can run ahead of the small experiments
 * topic. The wait is bounded in processing time: the first record held sets a timer
 * {@code wait} later; if the spec has not come by then, the owner gives the records up (as dead
 * letters). A spec's arrival releases, in arrival order, the records of every key waiting for it.
 *
 * <p>The keyed broadcast functions of every job hold one, made in {@code open()}; the protocol
 * lives here once.
 *
 * @param <T> what waits
 */
public final class SpecWait<T> {
    private final ListStateDescriptor<T> waitingDescriptor;
    private final Duration wait;
    private final Function<T, String> experimentOf;
    private final ListState<T> waiting;
    private final ValueState<Long> giveUpAt;

    private SpecWait(ListStateDescriptor<T> waitingDescriptor, Duration wait, Function<T, String> experimentOf,
            ListState<T> waiting, ValueState<Long> giveUpAt) {
        this.waitingDescriptor = waitingDescriptor;
        this.wait = wait;
        this.experimentOf = experimentOf;
        this.waiting = waiting;
        this.giveUpAt = giveUpAt;
    }

    /** The state a function waits in: the records, by {@code name}, and when they are given up. */
    public static <T> ListStateDescriptor<T> waitingState(String name, Class<T> type) {
        return new ListStateDescriptor<>(name, TypeInformation.of(type));
    }

    private static final ValueStateDescriptor<Long> GIVE_UP_AT = new ValueStateDescriptor<>("give-up-at", Types.LONG);

    /**
     * @param waiting the function's own state of waiting records (see {@link #waitingState})
     * @param wait how long the first record of a key waits, in processing time
     * @param experimentOf the experiment whose spec a record waits for
     */
    public static <T> SpecWait<T> open(RuntimeContext context, ListStateDescriptor<T> waiting, Duration wait,
            Function<T, String> experimentOf) {
        return new SpecWait<>(waiting, wait, experimentOf, context.getListState(waiting), context.getState(GIVE_UP_AT));
    }

    /** Whether records of the current key wait: a newer one must then wait behind them, to keep their order. */
    public boolean isWaiting() throws Exception {
        return giveUpAt.value() != null;
    }

    /** Holds a record of the current key; the first one held starts the wait. */
    public void hold(T record, TimerService timers) throws Exception {
        waiting.add(record);
        if (giveUpAt.value() == null) {
            long now = timers.currentProcessingTime();
            long at = now + wait.toMillis();
            at = at < now ? Long.MAX_VALUE : at;
            giveUpAt.update(at);
            timers.registerProcessingTimeTimer(at);
        }
    }

    /** The records of the current key, in the order they came, taken out of the wait. */
    public List<T> take() throws Exception {
        List<T> held = new ArrayList<>();
        waiting.get().forEach(held::add);
        waiting.clear();
        giveUpAt.clear();
        return held;
    }

    /** What to do with the records a spec released, with their key current. */
    @FunctionalInterface
    public interface Release<T> {
        void accept(List<T> records) throws Exception;
    }

    /**
     * On the arrival of {@code experiment}'s spec: takes the records of every key waiting for it and
     * hands them on. Their give-up timers stay and find nothing (timers cannot be deleted here).
     */
    public void release(String experiment, KeyedBroadcastProcessFunction<?, ?, ?, ?>.Context ctx, Release<T> release)
            throws Exception {
        ctx.applyToKeyedState(waitingDescriptor, (key, records) -> {
            List<T> held = new ArrayList<>();
            records.get().forEach(held::add);
            if (held.isEmpty() || !experimentOf.apply(held.get(0)).equals(experiment)) {
                return;
            }
            records.clear();
            giveUpAt.clear();
            release.accept(held);
        });
    }

    /** On a timer: the records whose wait ran out at {@code timestamp}, taken out; empty if none did. */
    public Optional<List<T>> expired(long timestamp) throws Exception {
        Long due = giveUpAt.value();
        if (due == null || timestamp < due) {
            return Optional.empty();
        }
        return Optional.of(take());
    }
}

package io.sluice.flink.judge;

import io.sluice.flink.serde.GivenUpRecord;
import io.sluice.core.assignment.RequestSampling;
import io.sluice.core.event.DeadLetter;
import io.sluice.core.event.DeadLetterCause;
import io.sluice.core.event.SchemaVersion;
import io.sluice.core.event.Trace;
import io.sluice.flink.experiments.SpecChange;
import io.sluice.flink.experiments.SpecRevisions;
import io.sluice.flink.experiments.SpecWait;
import io.sluice.flink.serde.DeadLetterSplit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decides which traces the judge reads: those whose request id {@link RequestSampling#judged}
 * selects under the experiment's spec. The hash ignores the arm, so every arm is judged at the
 * spec's rate; and it is the hash that chose the traces, at a higher rate, so the judged requests
 * are a deterministic subset of the traced ones. A selected trace leaves as a {@link JudgeOrder}
 * carrying the spec, whose judge settings the call needs.
 *
 * <p>Keyed by experiment. A trace whose spec has not reached this operator waits for it in keyed
 * state: broadcast and keyed inputs are not ordered, and at a fresh start a backlog of traces can
 * run ahead of the small experiments topic. The wait is bounded in processing time
 * ({@code specWait}); then the waiting traces go to {@link #DEAD_LETTERS} with the reason.
 */
public final class TraceSampling extends KeyedBroadcastProcessFunction<String, Trace, SpecChange, JudgeOrder> {
    private static final long serialVersionUID = 1L;

    /** Traces given up because their experiment's spec never arrived. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = DeadLetterSplit.DEAD_LETTERS;

    static final ListStateDescriptor<Trace> AWAITING_SPEC = SpecWait.waitingState("traces-awaiting-spec", Trace.class);

    private final Duration specWait;
    private final String tracesTopic;
    private final String consumer;

    private transient SpecWait<Trace> awaiting;
    private transient SpecRevisions specs;
    private transient Counter selected;
    private transient Counter notSelected;
    private transient Counter withoutSpec;

    /**
     * @param specWait how long a trace waits for its experiment's spec, in processing time
     * @param tracesTopic names the source of a trace given up, in its dead letter
     * @param consumer names this job in dead letters
     */
    public TraceSampling(Duration specWait, String tracesTopic, String consumer) {
        this.specWait = Objects.requireNonNull(specWait, "specWait");
        this.tracesTopic = Objects.requireNonNull(tracesTopic, "tracesTopic");
        this.consumer = Objects.requireNonNull(consumer, "consumer");
    }

    @Override
    public void open(OpenContext openContext) {
        awaiting = SpecWait.open(getRuntimeContext(), AWAITING_SPEC, specWait, Trace::experiment);
        specs = new SpecRevisions();
        var metrics = getRuntimeContext().getMetricGroup();
        selected = metrics.counter("tracesSelected");
        notSelected = metrics.counter("tracesNotSelected");
        withoutSpec = metrics.counter("tracesWithoutSpec");
    }

    @Override
    public void processElement(Trace trace, ReadOnlyContext ctx, Collector<JudgeOrder> out) throws Exception {
        Optional<SpecRevisions.Revision> revision =
                specs.find(ctx.getBroadcastState(SpecRevisions.STATE), trace.experiment());
        if (revision.isPresent()) {
            offer(trace, revision.get(), out);
            return;
        }
        awaiting.hold(trace, ctx.timerService());
    }

    @Override
    public void processBroadcastElement(SpecChange change, Context ctx, Collector<JudgeOrder> out) throws Exception {
        Optional<SpecRevisions.Revision> revision = specs.applyAndFind(ctx.getBroadcastState(SpecRevisions.STATE), change);
        if (revision.isEmpty()) {
            return;
        }
        awaiting.release(change.experiment(), ctx, traces -> traces.forEach(trace -> offer(trace, revision.get(), out)));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<JudgeOrder> out) throws Exception {
        for (Trace trace : awaiting.expired(timestamp).orElse(List.of())) {
            withoutSpec.inc();
            ctx.output(DEAD_LETTERS, new DeadLetter(SchemaVersion.CURRENT, tracesTopic, -1, -1, trace.requestId(),
                    GivenUpRecord.bytes(trace), "trace not judged: the spec of experiment '" + trace.experiment()
                            + "' did not arrive within " + specWait,
                    DeadLetterCause.NO_SPEC, consumer, Instant.ofEpochMilli(timestamp)));
        }
    }

    private void offer(Trace trace, SpecRevisions.Revision revision, Collector<JudgeOrder> out) {
        if (revision.spec().judged(trace.requestId())) {
            selected.inc();
            out.collect(new JudgeOrder(trace, revision.spec().judge()));
        } else {
            notSelected.inc();
        }
    }
}

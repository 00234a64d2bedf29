package io.sluice.flink.agreement;

import io.sluice.flink.serde.GivenUpRecord;
import io.sluice.core.event.Alert;
import io.sluice.core.event.AlertKind;
import io.sluice.core.event.Calibration;
import io.sluice.core.event.DeadLetter;
import io.sluice.core.event.DeadLetterCause;
import io.sluice.core.event.SchemaVersion;
import io.sluice.core.judge.Rubric;
import io.sluice.core.judge.RubricScale;
import io.sluice.core.json.SluiceJson;
import io.sluice.core.monitor.JudgeMonitor;
import io.sluice.core.monitor.JudgeMonitorSettings;
import io.sluice.core.monitor.JudgeMonitorState;
import io.sluice.core.monitor.MonitorStep;
import io.sluice.flink.experiments.SpecChange;
import io.sluice.flink.experiments.SpecRevisions;
import io.sluice.flink.experiments.SpecWait;
import io.sluice.flink.serde.DeadLetterSplit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Runs the {@link JudgeMonitor} of each judge, keyed by fingerprint, over its labelled scores:
 * rolling agreement, the first isotonic calibration after N pairs, Page–Hinkley drift alarms, the
 * recalibration after a drift and the recovery. The statistics are all in {@code core}; this
 * function keeps each judge's {@link JudgeMonitorState} in keyed state and sends on what a step
 * produced: calibrations on the main output, alerts on {@link #ALERTS}.
 *
 * <p><b>The scale.</b> A judge's monitor is started with the scale of the rubric of the experiment
 * its first pair belongs to (from broadcast specs), and keeps it: the rubric is part of the
 * fingerprint, so every later pair of that judge is on the same scale. A first pair whose spec has
 * not arrived waits for it, with the pairs after it, up to {@code specWait} of processing time,
 * then they are dead letters; so are pairs of an experiment whose spec has no judge rubric, and
 * labels off the scale (the monitor takes only levels of the scale).
 *
 * <p>Alerts name the experiment of the pair that raised them, and the fingerprint as their subject.
 */
public final class JudgeMonitorFunction
        extends KeyedBroadcastProcessFunction<String, LabelledScore, SpecChange, Calibration> {
    private static final long serialVersionUID = 1L;

    /** Drift and recovery alerts. */
    public static final OutputTag<Alert> ALERTS = new OutputTag<>("alerts", TypeInformation.of(Alert.class));
    /** Pairs that cannot be monitored, with the reason. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = DeadLetterSplit.DEAD_LETTERS;

    static final ValueStateDescriptor<JudgeMonitorState> MONITOR =
            new ValueStateDescriptor<>("judge-monitor", TypeInformation.of(JudgeMonitorState.class));
    static final ListStateDescriptor<LabelledScore> AWAITING_SPEC =
            SpecWait.waitingState("pairs-awaiting-spec", LabelledScore.class);

    /**
     * The monitor's settings as JSON: the function travels to the cluster serialized, and the
     * settings record is not {@code Serializable}.
     */
    private final String monitorSettings;
    private final Duration specWait;
    private final String labelsTopic;
    private final String consumer;

    private transient JudgeMonitor monitor;
    private transient ValueState<JudgeMonitorState> state;
    private transient SpecWait<LabelledScore> awaiting;
    private transient SpecRevisions specs;
    private transient Counter pairs;
    private transient Counter calibrations;
    private transient Counter driftAlerts;
    private transient Counter recoveryAlerts;
    private transient Counter unmonitored;

    /**
     * @param settings the monitor's knobs
     * @param specWait how long the first pairs of a judge wait for their experiment's spec
     * @param labelsTopic names the source of an unmonitored pair's label, in its dead letter
     * @param consumer names this job in dead letters
     */
    public JudgeMonitorFunction(JudgeMonitorSettings settings, Duration specWait, String labelsTopic,
            String consumer) {
        this.monitorSettings = SluiceJson.toJson(Objects.requireNonNull(settings, "settings"));
        if (!readSettings(monitorSettings).equals(settings)) {
            throw new IllegalStateException("the monitor settings do not survive their JSON form: " + settings);
        }
        this.specWait = Objects.requireNonNull(specWait, "specWait");
        this.labelsTopic = Objects.requireNonNull(labelsTopic, "labelsTopic");
        this.consumer = Objects.requireNonNull(consumer, "consumer");
    }

    private static JudgeMonitorSettings readSettings(String json) {
        return SluiceJson.fromJson(json, JudgeMonitorSettings.class);
    }

    @Override
    public void open(OpenContext openContext) {
        monitor = new JudgeMonitor(readSettings(monitorSettings));
        state = getRuntimeContext().getState(MONITOR);
        awaiting = SpecWait.open(getRuntimeContext(), AWAITING_SPEC, specWait, LabelledScore::experiment);
        specs = new SpecRevisions();
        var metrics = getRuntimeContext().getMetricGroup();
        pairs = metrics.counter("monitoredPairs");
        calibrations = metrics.counter("calibrationsFitted");
        driftAlerts = metrics.counter("judgeDriftAlerts");
        recoveryAlerts = metrics.counter("judgeRecoveredAlerts");
        unmonitored = metrics.counter("unmonitoredPairs");
    }

    @Override
    public void processElement(LabelledScore labelled, ReadOnlyContext ctx, Collector<Calibration> out)
            throws Exception {
        Outputs outputs = new Outputs(out, alert -> ctx.output(ALERTS, alert),
                dead -> ctx.output(DEAD_LETTERS, dead), ctx.timerService().currentProcessingTime());
        if (state.value() != null) {
            step(labelled, state.value(), outputs);
            return;
        }
        if (awaiting.isWaiting()) {
            // Earlier pairs of this judge wait for a spec: keep the order.
            awaiting.hold(labelled, ctx.timerService());
            return;
        }
        Optional<SpecRevisions.Revision> revision =
                specs.find(ctx.getBroadcastState(SpecRevisions.STATE), labelled.experiment());
        if (revision.isPresent()) {
            startAndStep(List.of(labelled), revision.get(), outputs);
            return;
        }
        awaiting.hold(labelled, ctx.timerService());
    }

    @Override
    public void processBroadcastElement(SpecChange change, Context ctx, Collector<Calibration> out) throws Exception {
        Optional<SpecRevisions.Revision> revision = specs.applyAndFind(ctx.getBroadcastState(SpecRevisions.STATE), change);
        if (revision.isEmpty()) {
            return;
        }
        Outputs outputs = new Outputs(out, alert -> ctx.output(ALERTS, alert),
                dead -> ctx.output(DEAD_LETTERS, dead), ctx.currentProcessingTime());
        awaiting.release(change.experiment(), ctx, held -> startAndStep(held, revision.get(), outputs));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Calibration> out) throws Exception {
        Optional<List<LabelledScore>> expired = awaiting.expired(timestamp);
        if (expired.isEmpty()) {
            return;
        }
        Outputs outputs = new Outputs(out, alert -> ctx.output(ALERTS, alert),
                dead -> ctx.output(DEAD_LETTERS, dead), timestamp);
        for (LabelledScore labelled : expired.get()) {
            unmonitored(labelled, "the spec of experiment '" + labelled.experiment() + "' did not arrive within "
                    + specWait, outputs);
        }
    }

    /** Starts the judge's monitor on the first pair's scale and steps through the pairs in order. */
    private void startAndStep(List<LabelledScore> held, SpecRevisions.Revision revision, Outputs outputs)
            throws Exception {
        Rubric rubric = revision.spec().judge().rubric();
        if (rubric == null) {
            for (LabelledScore labelled : held) {
                unmonitored(labelled, "experiment '" + labelled.experiment() + "' has no judge rubric, so the "
                        + "scale of its labels is unknown", outputs);
            }
            return;
        }
        JudgeMonitorState current = monitor.start(held.get(0).fingerprint(), rubric.scale());
        state.update(current);
        for (LabelledScore labelled : held) {
            step(labelled, state.value(), outputs);
        }
    }

    private void step(LabelledScore labelled, JudgeMonitorState current, Outputs outputs) throws Exception {
        RubricScale scale = current.scale();
        if (!scale.contains(labelled.label())) {
            unmonitored(labelled, "label " + labelled.label() + " is off the scale [" + scale.min() + ", "
                    + scale.max() + "] of judge " + labelled.fingerprint(), outputs);
            return;
        }
        MonitorStep step = monitor.step(current, labelled.pair());
        state.update(step.state());
        pairs.inc();
        if (step.calibration().isPresent()) {
            calibrations.inc();
            outputs.calibrations().collect(step.calibration().get());
        }
        if (step.alert().isPresent()) {
            Alert alert = step.alert().get();
            (alert.kind() == AlertKind.JUDGE_DRIFT ? driftAlerts : recoveryAlerts).inc();
            outputs.alerts().accept(alert);
        }
    }

    private void unmonitored(LabelledScore labelled, String reason, Outputs outputs) {
        unmonitored.inc();
        outputs.deadLetters().accept(new DeadLetter(SchemaVersion.CURRENT, labelsTopic, -1, -1, labelled.requestId(),
                GivenUpRecord.bytes(labelled), "labelled score not monitored: " + reason, DeadLetterCause.UNMONITORED,
                consumer, Instant.ofEpochMilli(outputs.now())));
    }

    /** Where a step's results go, whichever of the function's contexts it runs in. */
    private record Outputs(Collector<Calibration> calibrations, Consumer<Alert> alerts,
            Consumer<DeadLetter> deadLetters, long now) {}
}

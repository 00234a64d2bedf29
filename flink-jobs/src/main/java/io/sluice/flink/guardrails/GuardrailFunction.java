package io.sluice.flink.guardrails;

import io.sluice.flink.serde.GivenUpRecord;
import io.sluice.core.event.Alert;
import io.sluice.core.event.AlertEvidence;
import io.sluice.core.event.AlertKind;
import io.sluice.core.event.Control;
import io.sluice.core.event.ControlAction;
import io.sluice.core.event.DeadLetter;
import io.sluice.core.event.DeadLetterCause;
import io.sluice.core.event.SchemaVersion;
import io.sluice.core.experiment.GuardrailAction;
import io.sluice.core.experiment.GuardrailSpec;
import io.sluice.flink.experiments.JobSpec;
import io.sluice.flink.experiments.SpecChange;
import io.sluice.flink.experiments.SpecRevisions;
import io.sluice.flink.experiments.SpecWait;
import io.sluice.flink.serde.DeadLetterSplit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Watches each experiment's guardrails over event-time windows and acts on sustained breaches.
 * Keyed by experiment, so every arm of a window, the control arm included, is in one place.
 *
 * <p><b>Windows.</b> Tumbling, aligned to the epoch, one series per distinct window length among
 * the experiment's guardrails. A window closes when the watermark passes its last millisecond; its
 * samples are then evaluated, per guardrail of that length and per arm, and dropped once no open
 * window needs them. A sample whose every window has closed is late: counted and dropped.
 *
 * <p><b>A window's verdict</b> for one guardrail and arm: too thin (fewer than {@code min_samples}
 * observations of the arm, or for a limit relative to the control, of the control arm) says
 * nothing and leaves the streak as it is; otherwise breached or clean. Every breached window raises
 * {@code guardrail_breach} at once, with its evidence. When the breached windows in a row reach
 * {@code consecutive_windows}, exactly then, the action goes to the {@code controls} side output:
 * {@code pause} the arm (never the control arm: it only alerts) or {@code rollback} the experiment;
 * the count then starts again, so an arm resumed while it still breaches is acted on again.
 * After an open breach, as many clean windows in a row raise {@code guardrail_recovered}. Nothing
 * here lifts a pause: an operator resumes the arm.
 *
 * <p>Alerts and controls are stamped with the window's end (event time) and their ids are made
 * of what they are about, so a replay after a failure produces the same records.
 *
 * <p>Samples that come before their experiment's spec wait for it ({@link SpecWait}); a released
 * sample joins the open windows, whose timers the next sample of the experiment sets.
 */
public final class GuardrailFunction extends KeyedBroadcastProcessFunction<String, GuardrailSample, SpecChange, Alert> {
    private static final long serialVersionUID = 1L;

    /** The actions of sustained breaches, for the {@code controls} topic. */
    public static final OutputTag<Control> CONTROLS = new OutputTag<>("controls", TypeInformation.of(Control.class));

    /** How each window of the shortest length went, for experiments with a rollout ({@link RolloutFunction}). */
    public static final OutputTag<WindowSummary> WINDOWS =
            new OutputTag<>("guardrail-windows", TypeInformation.of(WindowSummary.class));

    /** Samples given up because their experiment's spec never arrived. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = DeadLetterSplit.DEAD_LETTERS;

    /** Who the job's controls are issued by, on the topic. */
    public static final String ISSUER = "guardrails";

    static final ListStateDescriptor<GuardrailSample> SAMPLES =
            new ListStateDescriptor<>("samples", TypeInformation.of(GuardrailSample.class));
    static final MapStateDescriptor<String, GuardrailStreak> STREAKS =
            new MapStateDescriptor<>("streaks", Types.STRING, TypeInformation.of(GuardrailStreak.class));
    static final ListStateDescriptor<GuardrailSample> AWAITING_SPEC =
            SpecWait.waitingState("samples-awaiting-spec", GuardrailSample.class);

    private final Duration specWait;
    private final String exposuresTopic;
    private final String consumer;

    private transient ListState<GuardrailSample> samples;
    private transient MapState<String, GuardrailStreak> streaks;
    private transient SpecWait<GuardrailSample> awaiting;
    private transient SpecRevisions specs;
    private transient Counter lateSamples;
    private transient Counter breaches;
    private transient Counter actions;
    private transient Counter withoutSpec;

    /**
     * @param specWait how long a sample waits for its experiment's spec, in processing time
     * @param exposuresTopic names the source of a sample given up, in its dead letter
     * @param consumer names this job in dead letters
     */
    public GuardrailFunction(Duration specWait, String exposuresTopic, String consumer) {
        this.specWait = Objects.requireNonNull(specWait, "specWait");
        this.exposuresTopic = Objects.requireNonNull(exposuresTopic, "exposuresTopic");
        this.consumer = Objects.requireNonNull(consumer, "consumer");
    }

    @Override
    public void open(OpenContext openContext) {
        samples = getRuntimeContext().getListState(SAMPLES);
        streaks = getRuntimeContext().getMapState(STREAKS);
        awaiting = SpecWait.open(getRuntimeContext(), AWAITING_SPEC, specWait, GuardrailSample::experiment);
        specs = new SpecRevisions();
        var metrics = getRuntimeContext().getMetricGroup();
        lateSamples = metrics.counter("lateSamples");
        breaches = metrics.counter("guardrailBreaches");
        actions = metrics.counter("guardrailActions");
        withoutSpec = metrics.counter("samplesWithoutSpec");
    }

    @Override
    public void processElement(GuardrailSample sample, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
        Optional<SpecRevisions.Revision> revision =
                specs.find(ctx.getBroadcastState(SpecRevisions.STATE), sample.experiment());
        if (revision.isEmpty() || awaiting.isWaiting()) {
            awaiting.hold(sample, ctx.timerService());
            return;
        }
        JobSpec.Guardrails guardrails = revision.get().spec().guardrails();
        TimerService timers = ctx.timerService();
        long watermark = timers.currentWatermark();
        boolean open = false;
        for (long length : guardrails.windowLengths()) {
            long last = lastMillisOfWindow(sample.occurredAtMillis(), length);
            if (last > watermark) {
                timers.registerEventTimeTimer(last);
                open = true;
            }
        }
        if (open) {
            samples.add(sample);
        } else if (!guardrails.limits().isEmpty()) {
            lateSamples.inc();
        }
    }

    @Override
    public void processBroadcastElement(SpecChange change, Context ctx, Collector<Alert> out) throws Exception {
        Optional<SpecRevisions.Revision> revision = specs.applyAndFind(ctx.getBroadcastState(SpecRevisions.STATE), change);
        if (revision.isEmpty()) {
            return;
        }
        long watermark = ctx.currentWatermark();
        List<Long> lengths = revision.get().spec().guardrails().windowLengths();
        awaiting.release(change.experiment(), ctx, released -> {
            for (GuardrailSample sample : released) {
                if (inAWindowEndingAfter(sample, lengths, watermark)) {
                    samples.add(sample);
                }
            }
        });
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            for (GuardrailSample sample : awaiting.expired(timestamp).orElse(List.of())) {
                withoutSpec.inc();
                ctx.output(DEAD_LETTERS, new DeadLetter(SchemaVersion.CURRENT, exposuresTopic, -1, -1, sample.arm(),
                        GivenUpRecord.bytes(sample), "sample not guarded: the spec of experiment '"
                                + sample.experiment() + "' did not arrive within " + specWait,
                        DeadLetterCause.NO_SPEC, consumer, Instant.ofEpochMilli(timestamp)));
            }
            return;
        }
        Optional<SpecRevisions.Revision> revision =
                specs.find(ctx.getBroadcastState(SpecRevisions.STATE), ctx.getCurrentKey());
        if (revision.isEmpty()) {
            return;
        }
        List<GuardrailSample> held = new ArrayList<>();
        samples.get().forEach(held::add);
        JobSpec.Guardrails guardrails = revision.get().spec().guardrails();
        List<Long> lengths = guardrails.windowLengths();
        for (long length : lengths) {
            if (Math.floorMod(timestamp + 1, length) == 0) {
                boolean clean = closeWindow(ctx.getCurrentKey(), guardrails, length, timestamp + 1 - length, timestamp,
                        held, ctx, out);
                if (guardrails.rollout() != null && length == lengths.get(0)) {
                    ctx.output(WINDOWS, new WindowSummary(ctx.getCurrentKey(), timestamp + 1, clean, guardrails.rollout()));
                }
            }
        }
        List<GuardrailSample> kept = new ArrayList<>();
        for (GuardrailSample sample : held) {
            if (inAWindowEndingAfter(sample, lengths, timestamp)) {
                kept.add(sample);
            }
        }
        samples.update(kept);
    }

    /** Whether one of the sample's windows (one per length) ends after {@code time}: it is still needed. */
    private static boolean inAWindowEndingAfter(GuardrailSample sample, List<Long> lengths, long time) {
        for (long length : lengths) {
            if (lastMillisOfWindow(sample.occurredAtMillis(), length) > time) {
                return true;
            }
        }
        return false;
    }

    /** Judges the window's guardrails; whether every arm was judged (none too thin) and none breached. */
    private boolean closeWindow(String experiment, JobSpec.Guardrails guardrails, long length, long start, long last,
            List<GuardrailSample> held, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        Map<String, List<GuardrailSample>> byArm = new HashMap<>();
        for (GuardrailSample sample : held) {
            if (sample.occurredAtMillis() >= start && sample.occurredAtMillis() <= last) {
                byArm.computeIfAbsent(sample.arm(), arm -> new ArrayList<>()).add(sample);
            }
        }
        Map<String, ArmWindow> windows = new HashMap<>();
        for (String arm : guardrails.arms()) {
            windows.put(arm, ArmWindow.of(byArm.getOrDefault(arm, List.of()), guardrails.prices().get(arm)));
        }
        Window window = new Window(experiment, Instant.ofEpochMilli(start), Instant.ofEpochMilli(last + 1));
        boolean clean = true;
        for (JobSpec.Limit limit : guardrails.limits()) {
            if (limit.windowMillis() == length) {
                for (String arm : guardrails.arms()) {
                    GuardrailRules.Judged judged = judge(window, limit, arm, guardrails.controlArm(), windows, ctx, out);
                    clean &= judged == null || judged == GuardrailRules.Judged.CLEAN;
                }
            }
        }
        return clean;
    }

    private record Window(String experiment, Instant start, Instant end) {}

    private GuardrailRules.Judged judge(Window window, JobSpec.Limit limit, String arm, String controlArm,
            Map<String, ArmWindow> windows, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        GuardrailRules.Verdict verdict = GuardrailRules.judge(limit, arm, controlArm, windows);
        if (verdict == null) {
            return null;
        }
        GuardrailSpec guardrail = limit.spec();
        String key = limit.id() + "/" + arm;
        GuardrailStreak streak = Optional.ofNullable(streaks.get(key)).orElse(GuardrailStreak.NONE);
        GuardrailRules.Step step = GuardrailRules.step(streak, verdict.judged(), limit, arm.equals(controlArm));
        if (step.resumes()) {
            actions.inc();
            ctx.output(CONTROLS, new Control(SchemaVersion.CURRENT, window.experiment(), arm, ControlAction.RESUME,
                    String.format(Locale.ROOT, "auto_resume of arm %s: %d windows without a breach of %s since the "
                            + "guardrail paused it (try %d)", arm, streak.pausedWindows() + 1, guardrail.describe(),
                            step.next().resumes()), ISSUER, window.end()));
        }
        String statistic = guardrail.relativeToControl() ? limit.metric().wireName() + " / control"
                : limit.metric().wireName();
        AlertEvidence evidence = new AlertEvidence(statistic, verdict.compared(), guardrail.threshold(),
                window.start(), window.end(), verdict.observations());
        if (step.breach()) {
            breaches.inc();
            int inARow = streak.breached() + 1;
            String action = step.spared() ? "; " + arm + " is the control arm, which is never paused: alert only"
                    : !step.acts() ? "" : limit.action() == GuardrailAction.PAUSE ? "; arm " + arm + " paused"
                    : "; experiment rolled back to " + controlArm;
            String message = String.format(Locale.ROOT, "%s of arm %s was %s in the window %s to %s (limit %s, %d "
                            + "observations): %d breached window%s in a row of %d%s",
                    statistic, arm, number(verdict.compared()), window.start(), window.end(), guardrail.describe(),
                    verdict.observations(), inARow, inARow == 1 ? "" : "s", limit.consecutiveWindows(), action);
            out.collect(new Alert(SchemaVersion.CURRENT, alertId(window, limit, arm, "guardrail_breach"),
                    window.experiment(), AlertKind.GUARDRAIL_BREACH,
                    step.acts() ? Alert.Severity.CRITICAL : Alert.Severity.WARNING, arm, message, evidence,
                    window.end()));
            if (step.acts()) {
                actions.inc();
                boolean pause = limit.action() == GuardrailAction.PAUSE;
                ctx.output(CONTROLS, new Control(SchemaVersion.CURRENT, window.experiment(), pause ? arm : null,
                        pause ? ControlAction.PAUSE : ControlAction.ROLLBACK, message, ISSUER, window.end()));
            }
        } else if (step.recovered()) {
            String message = String.format(Locale.ROOT, "%s of arm %s was %s in the window %s to %s (limit %s): "
                            + "%d clean windows in a row after a breach", statistic, arm, number(verdict.compared()),
                    window.start(), window.end(), guardrail.describe(), limit.consecutiveWindows());
            out.collect(new Alert(SchemaVersion.CURRENT, alertId(window, limit, arm, "guardrail_recovered"),
                    window.experiment(), AlertKind.GUARDRAIL_RECOVERED, Alert.Severity.INFO, arm, message, evidence,
                    window.end()));
        }
        if (step.next().equals(GuardrailStreak.NONE)) {
            streaks.remove(key);
        } else {
            streaks.put(key, step.next());
        }
        return verdict.judged();
    }

    private static String alertId(Window window, JobSpec.Limit limit, String arm, String kind) {
        return window.experiment() + "/" + limit.id() + "/" + arm + "/" + kind + "/" + window.start();
    }

    private static String number(double value) {
        if (Double.isInfinite(value)) {
            return "infinite (the control's is 0)";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.4g", value);
    }

    static long lastMillisOfWindow(long at, long length) {
        return at - Math.floorMod(at, length) + length - 1;
    }
}

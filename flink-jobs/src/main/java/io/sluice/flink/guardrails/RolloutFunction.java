package io.sluice.flink.guardrails;

import io.sluice.core.control.ExperimentControls;
import io.sluice.core.event.Control;
import io.sluice.core.event.ControlAction;
import io.sluice.core.event.SchemaVersion;
import io.sluice.flink.experiments.JobSpec;
import java.time.Instant;
import java.util.Locale;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Advances an experiment's guarded rollout. Keyed by experiment; fed the summary of each closed
 * guardrail window ({@link WindowSummary}) and the controls in force (the {@code controls} topic,
 * and this job's own pauses and rollbacks at once).
 *
 * <p>A step advances to the next when both hold: at least {@code min_step_duration} of event time
 * since the step began, and {@code clean_windows} clean windows in a row. A breached or too thin
 * window starts the count again; while any arm is paused or the experiment is rolled back the ramp
 * is halted: nothing counts, and it resumes counting from zero once the controls are clear. The
 * advance is a control ({@code advance}, with the step) stamped with the window's end; the routers
 * take their traffic fraction from it.
 */
public final class RolloutFunction extends KeyedCoProcessFunction<String, WindowSummary, Control, Control> {
    private static final long serialVersionUID = 1L;

    /**
     * Where a rollout stands, in fields Flink serializes without Kryo.
     *
     * @param paused the paused arms in force
     * @param rolledBack whether a rollback is in force
     * @param step the rollout step in force
     * @param stepStartMillis when the step began, in event time; -1 until the first window
     * @param cleanInARow clean windows in a row in this step
     */
    public record RolloutState(java.util.List<String> paused, boolean rolledBack, int step, long stepStartMillis,
            int cleanInARow) {
        static final RolloutState START = new RolloutState(java.util.List.of(), false, 0, -1, 0);

        ExperimentControls controls() {
            return new ExperimentControls(new java.util.TreeSet<>(paused), rolledBack, step);
        }

        static RolloutState of(ExperimentControls controls, long stepStartMillis, int cleanInARow) {
            return new RolloutState(java.util.List.copyOf(controls.paused()), controls.rolledBack(),
                    controls.rolloutStep(), stepStartMillis, cleanInARow);
        }
    }

    static final ValueStateDescriptor<RolloutState> STATE =
            new ValueStateDescriptor<>("rollout", TypeInformation.of(RolloutState.class));

    private transient ValueState<RolloutState> state;

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(STATE);
    }

    private RolloutState current() throws Exception {
        RolloutState held = state.value();
        return held == null ? RolloutState.START : held;
    }

    @Override
    public void processElement2(Control control, Context ctx, Collector<Control> out) throws Exception {
        RolloutState held = current();
        ExperimentControls next = held.controls().apply(control);
        boolean newStep = next.rolloutStep() != held.controls().rolloutStep();
        state.update(RolloutState.of(next, newStep ? control.issuedAt().toEpochMilli() : held.stepStartMillis(),
                newStep || next.haltsRollout() ? 0 : held.cleanInARow()));
    }

    @Override
    public void processElement1(WindowSummary window, Context ctx, Collector<Control> out) throws Exception {
        JobSpec.Rollout rollout = window.rollout();
        RolloutState held = current();
        int step = held.controls().rolloutStep();
        long stepStart = held.stepStartMillis() < 0 ? window.windowEndMillis() : held.stepStartMillis();
        if (rollout == null || step >= rollout.lastStep() || held.controls().haltsRollout()) {
            state.update(RolloutState.of(held.controls(), stepStart, 0));
            return;
        }
        int clean = window.clean() ? held.cleanInARow() + 1 : 0;
        boolean due = clean >= rollout.cleanWindows() && window.windowEndMillis() - stepStart >= rollout.minStepMillis();
        if (!due) {
            state.update(RolloutState.of(held.controls(), stepStart, clean));
            return;
        }
        int next = step + 1;
        String reason = String.format(Locale.ROOT, "rollout of %s to step %d (traffic %s) after %d clean windows in a "
                        + "row and %d s at traffic %s", window.experiment(), next, rollout.steps().get(next), clean,
                (window.windowEndMillis() - stepStart) / 1000, rollout.steps().get(step));
        Control advance = new Control(SchemaVersion.CURRENT, window.experiment(), null, ControlAction.ADVANCE, reason,
                GuardrailFunction.ISSUER, Instant.ofEpochMilli(window.windowEndMillis()), next);
        out.collect(advance);
        state.update(RolloutState.of(held.controls().apply(advance), window.windowEndMillis(), 0));
    }
}

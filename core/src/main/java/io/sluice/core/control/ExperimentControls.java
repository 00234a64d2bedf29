package io.sluice.core.control;

import io.sluice.core.event.Control;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the controls in force say about one experiment: which arms are paused, and whether it is
 * rolled back to its control arm. Immutable; {@link #apply} gives the next state. The same
 * controls applied in any order of different keys give the same state, and the newest record of
 * each key decides it, as compaction of the {@code controls} topic keeps it.
 *
 * @param paused the paused arms, sorted
 * @param rolledBack whether every unit gets the control arm, outside the experiment
 * @param rolloutStep the step of the experiment's rollout in force (0 until an advance)
 */
public record ExperimentControls(Set<String> paused, boolean rolledBack, int rolloutStep) {
    public static final ExperimentControls NONE = new ExperimentControls(Set.of(), false, 0);

    public ExperimentControls {
        paused = Collections.unmodifiableSet(new TreeSet<>(paused));
    }

    public ExperimentControls(Set<String> paused, boolean rolledBack) {
        this(paused, rolledBack, 0);
    }

    public ExperimentControls apply(Control control) {
        return switch (control.action()) {
            case PAUSE -> {
                Set<String> next = new TreeSet<>(paused);
                next.add(control.arm());
                yield new ExperimentControls(next, rolledBack, rolloutStep);
            }
            case RESUME -> {
                Set<String> next = new TreeSet<>(paused);
                next.remove(control.arm());
                yield new ExperimentControls(next, rolledBack, rolloutStep);
            }
            case ROLLBACK -> new ExperimentControls(paused, true, rolloutStep);
            case RESTORE -> new ExperimentControls(paused, false, rolloutStep);
            case ADVANCE -> new ExperimentControls(paused, rolledBack, control.step());
        };
    }

    public boolean isPaused(String arm) {
        return paused.contains(arm);
    }

    public boolean isEmpty() {
        return paused.isEmpty() && !rolledBack && rolloutStep == 0;
    }

    /** Whether anything stops a rollout from advancing: a paused arm or a rollback. */
    public boolean haltsRollout() {
        return !paused.isEmpty() || rolledBack;
    }

    /** The arms of {@code arms} that may get units, in their order. */
    public List<String> serving(List<String> arms) {
        return arms.stream().filter(arm -> !paused.contains(arm)).toList();
    }

    /**
     * What a policy version appends so that a logged decision names the controls it was made
     * under: nothing without controls, else {@code /rollout:2} for a rollout past its first step
     * and {@code /paused:a,b}; a rollback is its own policy.
     */
    public String versionSuffix() {
        String rollout = rolloutStep == 0 ? "" : "/rollout:" + rolloutStep;
        return rollout + (paused.isEmpty() ? "" : "/paused:" + String.join(",", paused));
    }
}

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
 */
public record ExperimentControls(Set<String> paused, boolean rolledBack) {
    public static final ExperimentControls NONE = new ExperimentControls(Set.of(), false);

    public ExperimentControls {
        paused = Collections.unmodifiableSet(new TreeSet<>(paused));
    }

    public ExperimentControls apply(Control control) {
        return switch (control.action()) {
            case PAUSE -> {
                Set<String> next = new TreeSet<>(paused);
                next.add(control.arm());
                yield new ExperimentControls(next, rolledBack);
            }
            case RESUME -> {
                Set<String> next = new TreeSet<>(paused);
                next.remove(control.arm());
                yield new ExperimentControls(next, rolledBack);
            }
            case ROLLBACK -> new ExperimentControls(paused, true);
            case RESTORE -> new ExperimentControls(paused, false);
        };
    }

    public boolean isPaused(String arm) {
        return paused.contains(arm);
    }

    public boolean isEmpty() {
        return paused.isEmpty() && !rolledBack;
    }

    /** The arms of {@code arms} that may get units, in their order. */
    public List<String> serving(List<String> arms) {
        return arms.stream().filter(arm -> !paused.contains(arm)).toList();
    }

    /**
     * What a policy version appends so that a logged decision names the controls it was made
     * under: nothing without controls, else {@code /paused:a,b}; a rollback is its own policy.
     */
    public String versionSuffix() {
        return paused.isEmpty() ? "" : "/paused:" + String.join(",", paused);
    }
}

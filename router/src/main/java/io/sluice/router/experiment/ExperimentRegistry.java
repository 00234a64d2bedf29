package io.sluice.router.experiment;

import io.sluice.core.control.ExperimentControls;
import io.sluice.core.event.Control;
import java.util.concurrent.ConcurrentHashMap;

import io.sluice.core.experiment.ExperimentSpec;
import io.sluice.core.judge.Rubric;
import io.sluice.core.judge.RubricScale;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The experiments this router serves, by name. Reads vastly outnumber changes, so the map is
 * replaced whole on a change and read without locks.
 */
public final class ExperimentRegistry {
    private final PosteriorBoard posteriors;
    private final Map<String, ExperimentControls> controls = new ConcurrentHashMap<>();
    private volatile Map<String, LiveExperiment> byName = Map.of();

    public ExperimentRegistry(Collection<ExperimentSpec> specs, PosteriorBoard posteriors) {
        this.posteriors = posteriors;
        specs.forEach(this::put);
    }

    /** Serves a new or changed spec; an unchanged one (same revision) is left as it is. */
    public synchronized void put(ExperimentSpec spec) {
        LiveExperiment held = byName.get(spec.name());
        if (held != null && held.spec().revision().equals(spec.revision())) {
            return;
        }
        Map<String, LiveExperiment> next = new LinkedHashMap<>(byName);
        next.put(spec.name(), new LiveExperiment(spec, posteriors.of(spec.name()),
                controls.getOrDefault(spec.name(), ExperimentControls.NONE)));
        byName = Collections.unmodifiableMap(next);
    }

    /**
     * Puts a control in force, from the {@code controls} topic or this router's admin API. Kept
     * for an experiment this router does not serve yet, so a spec that arrives later starts under
     * it.
     */
    public synchronized void control(Control control) {
        ExperimentControls next = controls.getOrDefault(control.experiment(), ExperimentControls.NONE).apply(control);
        controls.put(control.experiment(), next);
        LiveExperiment experiment = byName.get(control.experiment());
        if (experiment != null) {
            experiment.control(next, posteriors.of(control.experiment()));
        }
    }

    /** Rebuilds the policies of experiments whose posteriors changed. */
    public void refresh(Set<String> experiments) {
        for (String name : experiments) {
            LiveExperiment experiment = byName.get(name);
            if (experiment != null) {
                experiment.refresh(posteriors.of(name));
            }
        }
    }

    /**
     * The smallest scale covering the rubric of every experiment served here, or empty when none
     * has a rubric. A label outside it can calibrate no judge, so the edge refuses it; the
     * agreement job checks each label against its own experiment's scale.
     */
    public Optional<RubricScale> labelScale() {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (LiveExperiment experiment : byName.values()) {
            Rubric rubric = experiment.spec().judge().rubric();
            if (rubric != null) {
                min = Math.min(min, rubric.scale().min());
                max = Math.max(max, rubric.scale().max());
            }
        }
        return min > max ? Optional.empty() : Optional.of(new RubricScale(min, max));
    }

    public Optional<LiveExperiment> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Collection<LiveExperiment> all() {
        return byName.values();
    }
}

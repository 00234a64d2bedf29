package io.sluice.router.experiment;

import io.sluice.core.experiment.ExperimentSpec;
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
        next.put(spec.name(), new LiveExperiment(spec, posteriors.of(spec.name())));
        byName = Collections.unmodifiableMap(next);
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

    public Optional<LiveExperiment> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Collection<LiveExperiment> all() {
        return byName.values();
    }
}

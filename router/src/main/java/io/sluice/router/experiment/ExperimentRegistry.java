package io.sluice.router.experiment;

import io.sluice.core.experiment.ExperimentSpec;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The experiments this router serves, by name. Reads vastly outnumber changes, so the map is
 * replaced whole on a change and read without locks.
 */
public final class ExperimentRegistry {
    private volatile Map<String, LiveExperiment> byName = Map.of();

    public ExperimentRegistry(List<ExperimentSpec> specs) {
        specs.forEach(this::put);
    }

    public synchronized void put(ExperimentSpec spec) {
        Map<String, LiveExperiment> next = new LinkedHashMap<>(byName);
        next.put(spec.name(), new LiveExperiment(spec));
        byName = Collections.unmodifiableMap(next);
    }

    public Optional<LiveExperiment> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Collection<LiveExperiment> all() {
        return byName.values();
    }
}

package io.sluice.router.experiment;

import io.sluice.core.event.PosteriorSnapshot;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The newest posterior snapshot of every arm, as read from the {@code posteriors} topic.
 * Snapshots are complete states with a version per arm, so a replayed or duplicated snapshot, or
 * one older than what is held, is simply ignored.
 */
public final class PosteriorBoard {
    private final Map<String, Map<String, PosteriorSnapshot>> byExperiment = new ConcurrentHashMap<>();

    /** True when the snapshot is newer than the one held for its arm, and now held. */
    public boolean apply(PosteriorSnapshot snapshot) {
        Map<String, PosteriorSnapshot> arms = byExperiment.computeIfAbsent(snapshot.experiment(),
                k -> new ConcurrentHashMap<>());
        boolean[] applied = {false};
        arms.compute(snapshot.arm(), (arm, held) -> {
            if (held == null || snapshot.version() > held.version()) {
                applied[0] = true;
                return snapshot;
            }
            return held;
        });
        return applied[0];
    }

    /** The snapshots held for an experiment's arms, by arm. */
    public Map<String, PosteriorSnapshot> of(String experiment) {
        return Map.copyOf(byExperiment.getOrDefault(experiment, Map.of()));
    }
}

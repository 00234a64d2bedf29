package io.sluice.flink.experiments;

import io.sluice.core.reward.RewardSettlement;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The experiment specs an operator knows, read from broadcast state, which holds each
 * experiment's {@link JobSpec} as it came from the {@code experiments} topic. This object keeps
 * what is built from a spec (its settlement rules) per revision, so it is built once per change
 * and not once per record. It lives in a function's {@code open()} and is never checkpointed.
 */
public final class SpecRevisions {
    /** Experiment name to spec; every function of the loop reads the same broadcast state. */
    public static final MapStateDescriptor<String, JobSpec> STATE =
            new MapStateDescriptor<>("experiment-specs", Types.STRING, TypeInformation.of(JobSpec.class));

    /** A spec with the settlement rules built from it. */
    public record Revision(JobSpec spec, RewardSettlement settlement) {}

    private final Map<String, Revision> built = new HashMap<>();

    /** Applies a change to broadcast state. */
    public static void apply(BroadcastState<String, JobSpec> state, SpecChange change) throws Exception {
        if (change.isDeletion()) {
            state.remove(change.experiment());
        } else {
            state.put(change.experiment(), change.spec());
        }
    }

    /**
     * Applies a change to broadcast state and gives the revision it brought: empty for a removal.
     * What every function does first with a spec change.
     */
    public Optional<Revision> applyAndFind(BroadcastState<String, JobSpec> state, SpecChange change) throws Exception {
        apply(state, change);
        return change.isDeletion() ? Optional.empty() : find(state, change.experiment());
    }

    /** The current revision of an experiment, or empty while its spec has not arrived (or was removed). */
    public Optional<Revision> find(ReadOnlyBroadcastState<String, JobSpec> state, String experiment)
            throws Exception {
        JobSpec spec = state.get(experiment);
        if (spec == null) {
            return Optional.empty();
        }
        Revision held = built.get(experiment);
        if (held != null && (held.spec() == spec || held.spec().revision().equals(spec.revision()))) {
            return Optional.of(held);
        }
        Revision revision = new Revision(spec, new RewardSettlement(spec.reward().definition()));
        built.put(experiment, revision);
        return Optional.of(revision);
    }
}

package io.sluice.flink.experiments;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.core.config.ConfigException;
import io.sluice.core.experiment.ExperimentSpec;
import io.sluice.core.experiment.ExperimentSpecReader;
import io.sluice.core.json.SluiceJson;
import io.sluice.core.reward.RewardSettlement;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The experiment specs an operator knows, read from broadcast state. Broadcast state holds each
 * spec's JSON (see {@link SpecChange}); this object keeps the parsed form of the revision last
 * seen per experiment, so a spec is parsed once per change and not once per record.
 *
 * <p>It lives in a function's {@code open()} and is never checkpointed: after a restore, the first
 * lookup parses the restored JSON again.
 */
public final class SpecRevisions {
    private static final Logger LOG = LoggerFactory.getLogger(SpecRevisions.class);

    /** Experiment name to spec JSON; every function of the loop reads the same broadcast state. */
    public static final MapStateDescriptor<String, String> STATE =
            new MapStateDescriptor<>("experiment-specs", Types.STRING, Types.STRING);

    /** A spec with the settlement rules built from it. */
    public record Revision(String json, ExperimentSpec spec, RewardSettlement settlement) {}

    private final ObjectMapper mapper = SluiceJson.create();
    private final Map<String, Revision> parsed = new HashMap<>();

    /** Applies a change to broadcast state; the parsed revision follows on the next lookup. */
    public static void apply(BroadcastState<String, String> state, SpecChange change) throws Exception {
        if (change.isDeletion()) {
            state.remove(change.experiment());
        } else {
            state.put(change.experiment(), change.json());
        }
    }

    /**
     * Applies a change to broadcast state and gives the revision it brought: empty for a removal
     * (or a spec this reader cannot read). What every function does first with a spec change.
     */
    public Optional<Revision> applyAndFind(BroadcastState<String, String> state, SpecChange change) throws Exception {
        apply(state, change);
        return change.isDeletion() ? Optional.empty() : find(state, change.experiment());
    }

    /** The current revision of an experiment, or empty while its spec has not arrived (or was removed). */
    public Optional<Revision> find(ReadOnlyBroadcastState<String, String> state, String experiment)
            throws Exception {
        String json = state.get(experiment);
        if (json == null) {
            return Optional.empty();
        }
        Revision cached = parsed.get(experiment);
        if (cached != null && cached.json().equals(json)) {
            return Optional.of(cached);
        }
        try {
            ExperimentSpec spec = ExperimentSpecReader.fromJson(mapper.readTree(json), "experiment " + experiment);
            Revision revision = new Revision(json, spec, new RewardSettlement(spec.reward()));
            parsed.put(experiment, revision);
            return Optional.of(revision);
        } catch (IOException | ConfigException e) {
            // Specs are validated before they enter broadcast state; this is a spec restored from a
            // checkpoint that a newer reader rejects. Treat it as absent rather than fail the job.
            LOG.warn("Spec of experiment {} in broadcast state cannot be read: {}", experiment, e.getMessage());
            return Optional.empty();
        }
    }
}

package io.sluice.flink.experiments;

/**
 * One record of the compacted {@code experiments} topic, already validated: the spec's JSON as it
 * was published, or a deletion.
 *
 * <p>The JSON text travels and is kept in broadcast state instead of an {@code ExperimentSpec},
 * which Flink could only serialize through Kryo (durations, enum maps); {@link SpecRevisions}
 * parses each revision once per operator instance.
 *
 * @param experiment the experiment's name, which is also the record key
 * @param json the spec, or null when the record is a tombstone (the experiment was removed)
 */
public record SpecChange(String experiment, String json) {

    public static SpecChange deletion(String experiment) {
        return new SpecChange(experiment, null);
    }

    public boolean isDeletion() {
        return json == null;
    }
}

package io.sluice.flink.experiments;

/**
 * One record of the compacted {@code experiments} topic, already validated and in the jobs' typed
 * form ({@link JobSpec}), or a deletion.
 *
 * @param experiment the experiment's name, which is also the record key
 * @param spec the spec, or null when the record is a tombstone (the experiment was removed)
 */
public record SpecChange(String experiment, JobSpec spec) {

    public static SpecChange deletion(String experiment) {
        return new SpecChange(experiment, null);
    }

    public boolean isDeletion() {
        return spec == null;
    }
}

package io.sluice.flink.serde;

/** What an input topic of the bandit loop carries, which decides how its records are decoded. */
public enum LoopInput {
    EXPOSURES,
    REWARDS,
    /** The compacted {@code experiments} topic: key = experiment name, value = spec JSON or null. */
    EXPERIMENTS
}

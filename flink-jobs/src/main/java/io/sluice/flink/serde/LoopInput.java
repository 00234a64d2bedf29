package io.sluice.flink.serde;

/** What an input topic of the learning path's jobs carries, which decides how its records are decoded. */
public enum LoopInput {
    EXPOSURES,
    REWARDS,
    /** The compacted {@code experiments} topic: key = experiment name, value = spec JSON or null. */
    EXPERIMENTS,
    /** Sampled request and answer content, read by the online judge. */
    TRACES,
    /** The online judge's verdicts, read by the agreement job and the reward join. */
    JUDGE_SCORES,
    /** Human labels, read by the agreement job. */
    LABELS,
    /** The compacted {@code calibration} topic: key = judge fingerprint, value = calibration JSON or null. */
    CALIBRATION,
    /** The compacted {@code controls} topic: pauses, rollbacks and rollout steps, read by the guardrails job. */
    CONTROLS
}

package io.sluice.core.topic;

/**
 * The topics of the loop, as in the architecture's topic table. Names are the suffix after the
 * deployment's common prefix; compacted topics hold the latest value per key and are what a
 * restarted router or job reads to rebuild its view.
 */
public enum Topic {
    EXPERIMENTS("experiments", true, "experiment"),
    EXPOSURES("exposures", false, "request id"),
    ASSIGNMENTS("assignments", true, "experiment/unit"),
    TRACES("traces", false, "request id"),
    REWARDS("rewards", false, "request id"),
    LABELS("labels", false, "request id"),
    JUDGE_SCORES("judge-scores", false, "request id"),
    OUTCOMES("outcomes", false, "request id"),
    POSTERIORS("posteriors", true, "experiment/arm"),
    CALIBRATION("calibration", true, "judge fingerprint"),
    CONTROLS("controls", true, "experiment/arm"),
    ALERTS("alerts", false, "experiment"),
    DEAD_LETTERS("dead-letters", false, "source topic");

    private final String suffix;
    private final boolean compacted;
    private final String key;

    Topic(String suffix, boolean compacted, String key) {
        this.suffix = suffix;
        this.compacted = compacted;
        this.key = key;
    }

    public String suffix() {
        return suffix;
    }

    public boolean compacted() {
        return compacted;
    }

    /** What the record key holds, for documentation and operators. */
    public String key() {
        return key;
    }
}

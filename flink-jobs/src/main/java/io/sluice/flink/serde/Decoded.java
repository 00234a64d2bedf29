package io.sluice.flink.serde;

import io.sluice.core.event.DeadLetter;
import io.sluice.core.event.Exposure;
import io.sluice.core.event.Reward;
import io.sluice.flink.experiments.SpecChange;
import java.time.Instant;
import java.util.Optional;

/**
 * One record read from an input topic, decoded in the source: exactly one field is set. A record
 * that could not be decoded travels as its {@link DeadLetter}, so it can leave for the dead-letter
 * topic after the source without failing it, while the source's watermark strategy reads the event
 * time of good records per partition.
 */
public record Decoded(Exposure exposure, Reward reward, SpecChange spec, DeadLetter deadLetter) {

    public Decoded {
        int set = (exposure != null ? 1 : 0) + (reward != null ? 1 : 0) + (spec != null ? 1 : 0)
                + (deadLetter != null ? 1 : 0);
        if (set != 1) {
            throw new IllegalArgumentException("a decoded record holds exactly one thing, found " + set);
        }
    }

    public static Decoded of(Exposure exposure) {
        return new Decoded(exposure, null, null, null);
    }

    public static Decoded of(Reward reward) {
        return new Decoded(null, reward, null, null);
    }

    public static Decoded of(SpecChange spec) {
        return new Decoded(null, null, spec, null);
    }

    public static Decoded of(DeadLetter deadLetter) {
        return new Decoded(null, null, null, deadLetter);
    }

    public boolean isDeadLetter() {
        return deadLetter != null;
    }

    /** The request an exposure or reward belongs to: the key of the reward join. */
    public String requestId() {
        if (exposure != null) {
            return exposure.requestId();
        }
        if (reward != null) {
            return reward.requestId();
        }
        throw new IllegalStateException("only exposures and rewards belong to a request: " + this);
    }

    /**
     * When the event happened: the decision for an exposure, the user's act for a reward. Specs and
     * dead letters have no event time and must not move a watermark.
     */
    public Optional<Instant> eventTime() {
        if (exposure != null) {
            return Optional.of(exposure.decidedAt());
        }
        if (reward != null) {
            return Optional.of(reward.occurredAt());
        }
        return Optional.empty();
    }
}

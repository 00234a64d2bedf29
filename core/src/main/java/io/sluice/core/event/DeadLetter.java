package io.sluice.core.event;

import java.time.Instant;
import java.util.Arrays;

/**
 * A record a consumer could not use, kept with the reason and its original bytes so nothing is
 * silently dropped and an operator can replay it once the cause is fixed.
 */
public record DeadLetter(
        int schemaVersion,
        String sourceTopic,
        int partition,
        long offset,
        String key,
        byte[] original,
        String reason,
        DeadLetterCause cause,
        String consumer,
        Instant failedAt) {

    public DeadLetter {
        SchemaVersion.require(schemaVersion, "dead_letter");
        Required.text(sourceTopic, "source_topic");
        Required.present(original, "original");
        Required.text(reason, "reason");
        cause = cause == null ? DeadLetterCause.UNCLASSIFIED : cause;
        Required.text(consumer, "consumer");
        Required.present(failedAt, "failed_at");
        original = original.clone();
    }

    @Override
    public byte[] original() {
        return original.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeadLetter d
                && sourceTopic.equals(d.sourceTopic)
                && partition == d.partition
                && offset == d.offset
                && Arrays.equals(original, d.original)
                && reason.equals(d.reason);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * sourceTopic.hashCode() + partition) + Long.hashCode(offset);
    }

    @Override
    public String toString() {
        return "DeadLetter[" + sourceTopic + "-" + partition + "@" + offset + ": " + reason + "]";
    }
}

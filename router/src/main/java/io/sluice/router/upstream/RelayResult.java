package io.sluice.router.upstream;

import io.sluice.core.event.CallOutcome;
import io.sluice.router.answer.CompletionSummary;

/**
 * How one relayed call ended.
 *
 * @param status the HTTP status the app received
 * @param firstChunkNanos {@link System#nanoTime()} when the first content of a stream went to the
 *     app; 0 when none did
 */
public record RelayResult(CallOutcome outcome, int status, CompletionSummary summary, long firstChunkNanos) {

    /** A call whose answer came in one piece (or not at all). */
    public RelayResult(CallOutcome outcome, int status, CompletionSummary summary) {
        this(outcome, status, summary, 0L);
    }
}

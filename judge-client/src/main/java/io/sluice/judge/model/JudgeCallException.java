package io.sluice.judge.model;

import java.time.Duration;

/**
 * The judge endpoint could not be asked: a timeout, an outage, a refused key. Unlike a reply
 * that cannot be parsed (a recorded failure in the verdict), this is an outage, and the caller
 * decides whether to retry ({@link #retryable()}) and what to record when it gives up.
 */
public final class JudgeCallException extends RuntimeException {
    private final CallFailure failure;
    private final Duration elapsed;

    public JudgeCallException(CallFailure failure, Duration elapsed, Throwable cause) {
        super(failure.wireName() + " after " + elapsed.toMillis() + " ms: " + describe(cause), cause);
        this.failure = failure;
        this.elapsed = elapsed;
    }

    public CallFailure failure() {
        return failure;
    }

    public boolean retryable() {
        return failure.retryable();
    }

    /** How long the call ran before it failed. */
    public Duration elapsed() {
        return elapsed;
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "no cause";
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : " (" + truncate(message) + ")");
    }

    private static String truncate(String message) {
        return message.length() <= 300 ? message : message.substring(0, 300) + "...";
    }
}

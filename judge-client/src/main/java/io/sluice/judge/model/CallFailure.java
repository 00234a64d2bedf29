package io.sluice.judge.model;

/** Why a call to the judge endpoint produced no reply at all. */
public enum CallFailure {
    TIMEOUT("timeout", true),
    SERVER_ERROR("server_error", true),
    RATE_LIMITED("rate_limited", true),
    UNREACHABLE("unreachable", true),
    AUTHENTICATION("authentication", false),
    REJECTED("rejected", false),
    INTERRUPTED("interrupted", false);

    private final String wireName;
    private final boolean retryable;

    CallFailure(String wireName, boolean retryable) {
        this.wireName = wireName;
        this.retryable = retryable;
    }

    public String wireName() {
        return wireName;
    }

    /** Whether the same call may succeed later: outages yes, a refused key or request no. */
    public boolean retryable() {
        return retryable;
    }
}

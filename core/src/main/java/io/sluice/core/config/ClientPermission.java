package io.sluice.core.config;

/** What a client key allows. */
public enum ClientPermission {
    /** Model requests: chat completions, responses, the model list, alerts. */
    REQUESTS,
    /** {@code POST /v1/feedback}. */
    FEEDBACK,
    /** {@code POST /v1/labels}: labels calibrate the judge, so annotators usually get only this. */
    LABELS;

    public String wireName() {
        return name().toLowerCase();
    }
}

package io.sluice.router.api;

/** The headers every routed answer carries, so the app can report feedback on it. */
public final class SluiceHeaders {
    public static final String REQUEST_ID = "sluice-request-id";
    public static final String EXPERIMENT = "sluice-experiment";
    public static final String ARM = "sluice-arm";

    private SluiceHeaders() {}
}

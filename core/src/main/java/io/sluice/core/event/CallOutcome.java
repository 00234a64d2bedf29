package io.sluice.core.event;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the upstream call behind a decision ended. Failed calls are still exposures. */
public enum CallOutcome {
    /** The upstream answered and the answer was relayed. */
    @JsonProperty("ok") OK,
    /** The upstream refused the request (4xx); its error was relayed to the app. */
    @JsonProperty("upstream_rejected") UPSTREAM_REJECTED,
    /** The upstream failed (5xx, connection refused, malformed answer): the app got 502. */
    @JsonProperty("upstream_error") UPSTREAM_ERROR,
    /** The upstream did not answer in time: the app got 504. */
    @JsonProperty("upstream_timeout") UPSTREAM_TIMEOUT,
    /** The app went away before the answer was complete. */
    @JsonProperty("client_closed") CLIENT_CLOSED
}

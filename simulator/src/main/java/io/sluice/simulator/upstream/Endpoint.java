package io.sluice.simulator.upstream;

/**
 * The OpenAI endpoints the simulated upstream answers from a conversation. Both lead to the same
 * simulation; what differs is how the request is read and how the answer is written.
 */
public enum Endpoint {
    /** {@code POST /v1/chat/completions}. */
    CHAT_COMPLETIONS("/v1/chat/completions"),
    /** {@code POST /v1/responses}. */
    RESPONSES("/v1/responses");

    private final String path;

    Endpoint(String path) {
        this.path = path;
    }

    /** The request path, {@code /v1/...}. */
    public String path() {
        return path;
    }
}

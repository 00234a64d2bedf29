package io.sluice.core.config;

/** What the router does with a request whose model names no experiment. */
public enum UnknownModelPolicy {
    /** Answer 404 model_not_found, as OpenAI does for a model it does not have. */
    REJECT,
    /** Forward it to the upstream unchanged: the router is then also a plain proxy. */
    PASSTHROUGH;

    public String wireName() {
        return name().toLowerCase();
    }
}

package io.sluice.simulator.judge;

/** The {@code response_format} a judge request asked for. */
public enum ReplyFormat {
    /** {@code json_schema}: JSON following the given schema. */
    JSON_SCHEMA,
    /** {@code json_object}: some JSON object. */
    JSON_OBJECT,
    /** none, or {@code text}: the judge writes as its reply style says. */
    NONE
}

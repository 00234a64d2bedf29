package io.sluice.judge.model;

/**
 * How the judge is asked to shape its reply. The reply is parsed tolerantly whatever is chosen;
 * asking for structure only makes unparseable replies rarer.
 */
public enum StructuredOutput {
    /** {@code response_format: json_schema}, listing the rubric's axes and scale (OpenAI, vLLM, ...). */
    JSON_SCHEMA,
    /** {@code response_format: json_object}: for endpoints that know JSON mode but not schemas. */
    JSON_OBJECT,
    /** No {@code response_format}: for endpoints that reject it; the prompt still asks for JSON. */
    NONE
}

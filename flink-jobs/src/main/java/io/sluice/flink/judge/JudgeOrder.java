package io.sluice.flink.judge;

import io.sluice.core.event.Trace;

/**
 * A sampled trace on its way to the judge, with the spec of its experiment as it stood when the
 * trace was selected. The spec travels as its JSON, as in broadcast state (see
 * {@link io.sluice.flink.experiments.SpecChange}): the judge call cannot read broadcast state, and
 * a parsed spec is no type Flink serializes without Kryo.
 */
public record JudgeOrder(Trace trace, String specJson) {}

package io.sluice.flink.judge;

import io.sluice.core.event.Trace;
import io.sluice.flink.experiments.JobSpec;

/**
 * A sampled trace on its way to the judge, with its experiment's judge as the spec stood when the
 * trace was selected: the judge call cannot read broadcast state.
 */
public record JudgeOrder(Trace trace, JobSpec.Judge judge) {}

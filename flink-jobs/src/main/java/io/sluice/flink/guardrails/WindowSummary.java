package io.sluice.flink.guardrails;

import io.sluice.flink.experiments.JobSpec;

/**
 * How one closed window of an experiment with a rollout went, for {@link RolloutFunction}: clean
 * when every guardrail of the shortest window length judged every arm it watches and none
 * breached (a window too thin to judge is not clean: a rollout never advances on no evidence).
 *
 * @param windowEndMillis the window's end, exclusive, in event time
 * @param rollout the rollout of the spec in force
 */
public record WindowSummary(String experiment, long windowEndMillis, boolean clean, JobSpec.Rollout rollout) {}

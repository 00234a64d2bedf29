package io.sluice.flink.judge;

/**
 * One experiment's {@link JudgeBudget} as a checkpoint keeps it: the buckets as they stand, so a
 * restarted job does not spend a budget twice. Primitive arrays and a String, which Flink
 * serializes as a POJO.
 *
 * @param experiment whose budget it is
 * @param judgmentSeconds the second each judgment bucket counts (epoch seconds; {@code Long.MIN_VALUE} when unused)
 * @param judgments judgments admitted in that second
 * @param tokenMinutes the minute each token bucket counts (epoch minutes)
 * @param tokens tokens reserved or used by judgments admitted in that minute
 */
public record BudgetLedger(
        String experiment, long[] judgmentSeconds, long[] judgments, long[] tokenMinutes, long[] tokens) {}

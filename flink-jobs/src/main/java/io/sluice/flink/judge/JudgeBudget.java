package io.sluice.flink.judge;

import java.util.Arrays;

/**
 * What one experiment's judge has spent recently, by the wall clock, and whether it may spend more:
 * its budget in judgments per minute and judge tokens per hour.
 *
 * <p><b>What is counted.</b> A judgment is counted once, when it is admitted, whatever becomes of
 * it (scored, failed, timed out; its retries are the same judgment). Its tokens are reserved when
 * it is admitted, as an estimate made before the call ({@link TokenEstimate}: the prompt counted
 * with the model's tokenizer, and the reply's cap); when the verdict comes back the reservation is replaced by the tokens the
 * endpoint reported for the call. A call that got no reply keeps its reservation, since the
 * endpoint may have spent the tokens all the same; a reply without usage figures keeps it too.
 *
 * <p><b>The windows.</b> Judgments are kept per second for the last 61 seconds, tokens per minute
 * for the last 61 minutes, and a new judgment is admitted only if it fits in the sum over them. Any
 * 60 seconds (or 60 minutes) ending now lie within those buckets, so the budget holds over every
 * sliding minute and hour, never only on the clock's round minutes; the price is that it may admit
 * a little less, by up to one bucket. State is bounded by the bucket count, whatever the budget.
 *
 * <p>Not thread-safe: the caller synchronizes.
 */
public final class JudgeBudget {
    /** Why a judgment was or was not admitted. */
    public enum Admission {
        ADMITTED,
        /** The minute's judgments are spent. */
        OVER_JUDGMENTS,
        /** The hour's tokens are spent, or this judgment's estimate alone would exceed what is left. */
        OVER_TOKENS
    }

    static final int BUCKETS = 61;
    private static final long SECOND = 1_000;
    private static final long MINUTE = 60_000;
    private static final long EMPTY = Long.MIN_VALUE;

    private final long[] judgmentSeconds;
    private final long[] judgments;
    private final long[] tokenMinutes;
    private final long[] tokens;

    public JudgeBudget() {
        this(emptyBuckets(), new long[BUCKETS], emptyBuckets(), new long[BUCKETS]);
    }

    private JudgeBudget(long[] judgmentSeconds, long[] judgments, long[] tokenMinutes, long[] tokens) {
        if (judgmentSeconds.length != BUCKETS || judgments.length != BUCKETS || tokenMinutes.length != BUCKETS
                || tokens.length != BUCKETS) {
            throw new IllegalArgumentException("a budget ledger holds " + BUCKETS + " buckets of each kind");
        }
        this.judgmentSeconds = judgmentSeconds;
        this.judgments = judgments;
        this.tokenMinutes = tokenMinutes;
        this.tokens = tokens;
    }

    /** The budget a checkpoint kept. */
    public static JudgeBudget restore(BudgetLedger ledger) {
        return new JudgeBudget(ledger.judgmentSeconds().clone(), ledger.judgments().clone(),
                ledger.tokenMinutes().clone(), ledger.tokens().clone());
    }

    /**
     * Folds in another record of the same budget, bucket by bucket, keeping the larger count of a
     * shared second or minute and the newer of two different ones. After a rescaled restore several
     * copies of one experiment's budget may come back; merging them never counts less than was spent.
     */
    public void merge(JudgeBudget other) {
        mergeBuckets(judgmentSeconds, judgments, other.judgmentSeconds, other.judgments);
        mergeBuckets(tokenMinutes, tokens, other.tokenMinutes, other.tokens);
    }

    private static void mergeBuckets(long[] units, long[] counts, long[] otherUnits, long[] otherCounts) {
        for (int i = 0; i < BUCKETS; i++) {
            if (otherUnits[i] == units[i]) {
                counts[i] = Math.max(counts[i], otherCounts[i]);
            } else if (otherUnits[i] > units[i]) {
                units[i] = otherUnits[i];
                counts[i] = otherCounts[i];
            }
        }
    }

    /** This budget as checkpoints keep it. */
    public BudgetLedger ledger(String experiment) {
        return new BudgetLedger(experiment, judgmentSeconds.clone(), judgments.clone(), tokenMinutes.clone(),
                tokens.clone());
    }

    /**
     * Admits a judgment at {@code nowMillis} if one more judgment and {@code estimatedTokens} more
     * tokens fit the budget, and counts it; otherwise counts nothing.
     */
    public Admission admit(long nowMillis, long estimatedTokens, int judgmentsPerMinute, long tokensPerHour) {
        if (judgmentsInLastMinute(nowMillis) + 1 > judgmentsPerMinute) {
            return Admission.OVER_JUDGMENTS;
        }
        if (tokensInLastHour(nowMillis) + estimatedTokens > tokensPerHour) {
            return Admission.OVER_TOKENS;
        }
        long second = Math.floorDiv(nowMillis, SECOND);
        int slot = slot(second);
        if (judgmentSeconds[slot] != second) {
            judgmentSeconds[slot] = second;
            judgments[slot] = 0;
        }
        judgments[slot]++;
        addTokens(Math.floorDiv(nowMillis, MINUTE), estimatedTokens);
        return Admission.ADMITTED;
    }

    /**
     * Replaces the reservation of a judgment admitted at {@code admittedAtMillis} by what it used.
     * A judgment admitted more than an hour ago no longer counts, and neither does its correction.
     */
    public void settle(long admittedAtMillis, long reservedTokens, long usedTokens) {
        long minute = Math.floorDiv(admittedAtMillis, MINUTE);
        int slot = slot(minute);
        if (tokenMinutes[slot] == minute) {
            tokens[slot] = Math.max(0, tokens[slot] + usedTokens - reservedTokens);
        }
    }

    /** Judgments admitted in the current second and the 60 before it. */
    public long judgmentsInLastMinute(long nowMillis) {
        return sumSince(judgmentSeconds, judgments, Math.floorDiv(nowMillis, SECOND));
    }

    /** Tokens reserved or used by judgments admitted in the current minute and the 60 before it. */
    public long tokensInLastHour(long nowMillis) {
        return sumSince(tokenMinutes, tokens, Math.floorDiv(nowMillis, MINUTE));
    }

    /** Whether nothing admitted is still counted, so the budget can be forgotten. */
    public boolean isIdle(long nowMillis) {
        return judgmentsInLastMinute(nowMillis) == 0 && tokensInLastHour(nowMillis) == 0;
    }

    private void addTokens(long minute, long amount) {
        int slot = slot(minute);
        if (tokenMinutes[slot] != minute) {
            tokenMinutes[slot] = minute;
            tokens[slot] = 0;
        }
        tokens[slot] += amount;
    }

    private static long sumSince(long[] units, long[] counts, long now) {
        long sum = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (units[i] != EMPTY && units[i] <= now && units[i] > now - BUCKETS) {
                sum += counts[i];
            }
        }
        return sum;
    }

    private static int slot(long unit) {
        return (int) Math.floorMod(unit, (long) BUCKETS);
    }

    private static long[] emptyBuckets() {
        long[] buckets = new long[BUCKETS];
        Arrays.fill(buckets, EMPTY);
        return buckets;
    }
}

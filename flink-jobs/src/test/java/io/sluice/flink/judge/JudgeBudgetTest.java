package io.sluice.flink.judge;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.flink.judge.JudgeBudget.Admission;
import org.junit.jupiter.api.Test;

class JudgeBudgetTest {
    private static final long T = 1_772_442_000_000L; // a round minute
    private static final long SECOND = 1_000;
    private static final long MINUTE = 60 * SECOND;

    private final JudgeBudget budget = new JudgeBudget();

    @Test
    void noMoreJudgmentsThanTheBudgetInAnySixtySeconds() {
        assertThat(admit(T, 3)).isEqualTo(Admission.ADMITTED);
        assertThat(admit(T + 10 * SECOND, 3)).isEqualTo(Admission.ADMITTED);
        assertThat(admit(T + 59 * SECOND, 3)).isEqualTo(Admission.ADMITTED);
        assertThat(admit(T + 59 * SECOND, 3)).isEqualTo(Admission.OVER_JUDGMENTS);
        // Not at the round minute: the first judgment is still within the last 60 seconds.
        assertThat(admit(T + 60 * SECOND + 500, 3)).isEqualTo(Admission.OVER_JUDGMENTS);
        // Once it has left them, one more fits, and only one.
        assertThat(admit(T + 61 * SECOND, 3)).isEqualTo(Admission.ADMITTED);
        assertThat(admit(T + 61 * SECOND, 3)).isEqualTo(Admission.OVER_JUDGMENTS);
    }

    @Test
    void aSkippedJudgmentCountsNothing() {
        admit(T, 1);
        admit(T, 1);
        assertThat(budget.judgmentsInLastMinute(T)).isEqualTo(1);
        assertThat(budget.tokensInLastHour(T)).isEqualTo(100);
    }

    @Test
    void tokensAreReservedUpFrontAndTheHourIsSliding() {
        assertThat(budget.admit(T, 400, 100, 1_000)).isEqualTo(Admission.ADMITTED);
        assertThat(budget.admit(T + 30 * MINUTE, 400, 100, 1_000)).isEqualTo(Admission.ADMITTED);
        assertThat(budget.admit(T + 59 * MINUTE, 400, 100, 1_000)).isEqualTo(Admission.OVER_TOKENS);
        // An estimate alone above what is left is refused, not queued.
        assertThat(budget.admit(T + 59 * MINUTE, 201, 100, 1_000)).isEqualTo(Admission.OVER_TOKENS);
        assertThat(budget.admit(T + 61 * MINUTE, 400, 100, 1_000)).isEqualTo(Admission.ADMITTED);
    }

    @Test
    void whatACallUsedReplacesItsReservation() {
        budget.admit(T, 400, 100, 1_000);
        budget.admit(T, 400, 100, 1_000);
        assertThat(budget.admit(T, 400, 100, 1_000)).isEqualTo(Admission.OVER_TOKENS);

        budget.settle(T, 400, 150);
        assertThat(budget.tokensInLastHour(T + SECOND)).isEqualTo(550);
        assertThat(budget.admit(T + SECOND, 400, 100, 1_000)).isEqualTo(Admission.ADMITTED);

        // A call that used more than reserved is charged what it used.
        budget.settle(T, 400, 600);
        assertThat(budget.tokensInLastHour(T + SECOND)).isEqualTo(1_150);
    }

    @Test
    void aCorrectionForAJudgmentOlderThanTheHourChangesNothing() {
        budget.admit(T, 400, 100, 1_000);
        // 61 minutes on, the bucket of T's minute counts another minute.
        budget.admit(T + 61 * MINUTE, 400, 100, 1_000);
        budget.settle(T, 400, 0);
        assertThat(budget.tokensInLastHour(T + 61 * MINUTE)).isEqualTo(400);
    }

    @Test
    void aCheckpointedBudgetComesBackAsItWasAndCopiesMergeWithoutUndercounting() {
        budget.admit(T, 400, 100, 1_000);
        budget.admit(T + SECOND, 300, 100, 1_000);
        JudgeBudget restored = JudgeBudget.restore(budget.ledger("checkout"));
        assertThat(restored.judgmentsInLastMinute(T + SECOND)).isEqualTo(2);
        assertThat(restored.tokensInLastHour(T + SECOND)).isEqualTo(700);

        JudgeBudget stale = JudgeBudget.restore(restored.ledger("checkout"));
        restored.admit(T + 2 * SECOND, 100, 100, 1_000);
        stale.merge(restored);
        assertThat(stale.judgmentsInLastMinute(T + 2 * SECOND)).isEqualTo(3);
        assertThat(stale.tokensInLastHour(T + 2 * SECOND)).isEqualTo(800);
        assertThat(stale.isIdle(T + 2 * SECOND)).isFalse();
        assertThat(stale.isIdle(T + 62 * MINUTE)).isTrue();
    }

    private Admission admit(long at, int perMinute) {
        return budget.admit(at, 100, perMinute, 1_000_000);
    }
}

package io.sluice.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.event.DeadLetter;
import io.sluice.core.event.DeadLetterCause;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnmatchedReportTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void nothingUnmatchedIsOneLineOfZeros() {
        assertThat(UnmatchedReport.render(List.of(deadLetter(DeadLetterCause.UNREADABLE, "unreadable reward"))))
                .isEqualTo(String.format("unmatched: 0 feedback signals that met no decision, 0 labels that met no "
                        + "judge score, 0 feedback signals after their window closed (1 dead letters in all)%n"));
    }

    @Test
    void unmatchedFeedbackLabelsAndLateFeedbackAreCountedAndTheFirstOfEachShownWithItsReason() {
        String report = UnmatchedReport.render(List.of(
                deadLetter(DeadLetterCause.UNMATCHED_REWARD, "unmatched thumbs_up reward: no exposure with request_id "
                        + "req_1 arrived within the orphan TTL (1h)"),
                deadLetter(DeadLetterCause.UNMATCHED_REWARD, "unmatched copy reward: no exposure with request_id req_2"),
                deadLetter(DeadLetterCause.UNMATCHED_LABEL, "unmatched label: no judge score for request_id req_3"),
                deadLetter(DeadLetterCause.LATE_REWARD, "late copy reward: the outcome of request_id req_4 was settled"),
                deadLetter(DeadLetterCause.NO_SPEC, "exposure not settled")));

        assertThat(report.lines()).containsExactly(
                "unmatched: 2 feedback signals that met no decision, 1 labels that met no judge score, "
                        + "1 feedback signals after their window closed (5 dead letters in all)",
                "  e.g. unmatched thumbs_up reward: no exposure with request_id req_1 arrived within the orphan TTL (1h)",
                "  e.g. unmatched label: no judge score for request_id req_3",
                "  e.g. late copy reward: the outcome of request_id req_4 was settled");
    }

    private static DeadLetter deadLetter(DeadLetterCause cause, String reason) {
        return new DeadLetter(1, "sluice.rewards", -1, -1, "req_1", "{}".getBytes(StandardCharsets.UTF_8), reason,
                cause, "sluice-bandit-loop", T0);
    }
}

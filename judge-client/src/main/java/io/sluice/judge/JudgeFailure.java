package io.sluice.judge;

/**
 * A judgment that produced no score, and why.
 *
 * @param kind   the class of failure
 * @param detail what exactly went wrong, e.g. {@code clarity=7 outside [1, 5]}
 */
public record JudgeFailure(FailureKind kind, String detail) {

    public static JudgeFailure of(FailureKind kind, String detail) {
        return new JudgeFailure(kind, detail);
    }

    /** {@code kind: detail}, the form {@code JudgeScore.failure} carries. */
    public String reason() {
        return detail == null || detail.isBlank() ? kind.wireName() : kind.wireName() + ": " + detail;
    }

    @Override
    public String toString() {
        return reason();
    }
}

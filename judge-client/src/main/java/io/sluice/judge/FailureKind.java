package io.sluice.judge;

/**
 * Why a judgment has no score although the judge was reached. Each is recorded, never replaced
 * by a default score: a default would bias every aggregate towards itself and hide a broken
 * judge behind plausible numbers.
 */
public enum FailureKind {
    /** The answer under judgement is empty: the judge is not asked. */
    NOTHING_TO_GRADE("nothing_to_grade"),
    /** The judge replied with nothing. */
    EMPTY_REPLY("empty_reply"),
    /** The judge declined to grade. */
    REFUSAL("refusal"),
    /** No JSON object could be found in the reply, or it was cut short. */
    UNPARSEABLE("unparseable"),
    /** The reply lacks the grade of at least one rubric axis. */
    MISSING_AXES("missing_axes"),
    /** A grade lies outside the rubric's scale. */
    OUT_OF_RANGE("out_of_range"),
    /** A grade is not a number. */
    INVALID_SCORE("invalid_score"),
    /** A pairwise reply names no winner, or something other than A, B or a tie. */
    MISSING_WINNER("missing_winner");

    private final String wireName;

    FailureKind(String wireName) {
        this.wireName = wireName;
    }

    /** The snake_case name scores and dead letters carry. */
    public String wireName() {
        return wireName;
    }
}

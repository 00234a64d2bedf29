package io.sluice.core.judge;

/** The ordinal scale a rubric's axes, and human labels, are graded on. */
public record RubricScale(int min, int max) {
    public boolean contains(double score) {
        return score >= min && score <= max;
    }
}

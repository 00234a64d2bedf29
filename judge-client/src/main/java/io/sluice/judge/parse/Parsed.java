package io.sluice.judge.parse;

import io.sluice.judge.FailureKind;
import io.sluice.judge.JudgeFailure;

/**
 * What reading a judge's reply gave: a value, or the recorded failure that stands in its place.
 * Exactly one of the two is present.
 */
public record Parsed<T>(T value, JudgeFailure failure) {
    public Parsed {
        if ((value == null) == (failure == null)) {
            throw new IllegalArgumentException("a reading has either a value or a failure");
        }
    }

    public static <T> Parsed<T> of(T value) {
        return new Parsed<>(value, null);
    }

    public static <T> Parsed<T> failed(FailureKind kind, String detail) {
        return new Parsed<>(null, JudgeFailure.of(kind, detail));
    }

    public boolean ok() {
        return failure == null;
    }
}

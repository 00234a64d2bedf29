package io.sluice.judge.pairwise;

/** Which of two answers a comparison prefers: the first given to it, the second, or neither. */
public enum Preference {
    FIRST,
    SECOND,
    TIE
}

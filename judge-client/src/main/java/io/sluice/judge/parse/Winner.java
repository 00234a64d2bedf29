package io.sluice.judge.parse;

/** The position a pairwise reply names: the answer shown as A, the one shown as B, or neither. */
public enum Winner {
    A,
    B,
    TIE
}

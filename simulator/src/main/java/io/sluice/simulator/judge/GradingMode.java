package io.sluice.simulator.judge;

/** What a judge prompt asks for: grades of one answer on each axis, or the better of two. */
public enum GradingMode {
    POINTWISE,
    PAIRWISE
}

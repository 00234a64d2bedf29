package io.sluice.core.drift;

/** Which change in the mean of a stream a detector watches for. */
public enum DriftDirection {
    INCREASE,
    DECREASE,
    BOTH;

    boolean watchesIncrease() {
        return this != DECREASE;
    }

    boolean watchesDecrease() {
        return this != INCREASE;
    }
}

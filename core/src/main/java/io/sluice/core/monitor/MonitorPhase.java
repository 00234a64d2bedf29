package io.sluice.core.monitor;

/** Where a judge stands in the {@link JudgeMonitor}'s state machine. */
public enum MonitorPhase {
    /** No calibration yet: fewer labelled pairs than the first fit needs. Drift is watched on raw scores. */
    WARMING_UP,
    /** A calibration is in force and the judge agrees with the humans as it did when it was fitted. */
    CALIBRATED,
    /** A drift alert was raised; the monitor collects labelled pairs to refit on, with its detectors paused. */
    DRIFTING,
    /** Refitted after a drift; waiting for agreement to settle before declaring the judge recovered. */
    RECALIBRATED
}

package io.sluice.flink.calibration;

import io.sluice.core.event.Calibration;

/**
 * One record of the compacted {@code calibration} topic, already validated: a judge's calibration,
 * or its removal (a tombstone: an operator withdrew the calibration, and scores are published
 * uncalibrated until a new one is fitted).
 *
 * @param fingerprint the judge, which is also the record key
 * @param calibration the calibration, or null for a removal
 */
public record CalibrationChange(String fingerprint, Calibration calibration) {

    public static CalibrationChange removal(String fingerprint) {
        return new CalibrationChange(fingerprint, null);
    }

    public boolean isRemoval() {
        return calibration == null;
    }
}

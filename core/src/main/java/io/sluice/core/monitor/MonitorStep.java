package io.sluice.core.monitor;

import io.sluice.core.event.Alert;
import io.sluice.core.event.Calibration;
import java.util.Optional;

/**
 * What one labelled pair did to a judge's monitor.
 *
 * @param state the state to keep for the next pair
 * @param score the pair's judge score under the calibration in force when it arrived (the raw
 *     score before the first calibration)
 * @param residual score − label
 * @param calibration a new calibration to publish on {@code calibration}, if this pair completed a fit
 * @param alert a {@code judge_drift} or {@code judge_recovered} alert to publish on {@code alerts}
 */
public record MonitorStep(
        JudgeMonitorState state, double score, double residual, Optional<Calibration> calibration, Optional<Alert> alert) {}

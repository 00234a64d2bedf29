package io.sluice.core.monitor;

import java.util.ArrayList;
import java.util.List;

/**
 * Every knob of the {@link JudgeMonitor}, with its defaults in {@link #DEFAULTS}. Sizes count
 * labelled pairs (an answer with both a judge score and a human label); δ, λ and margins are in
 * scale points (one level of the rubric scale).
 *
 * @param window W = 200: the ring buffer of recent pairs. Agreement figures are computed over it
 *     (at 200 pairs of the simulated judges of the tests the standard error of κ was 0.02 at
 *     κ = 0.86 and 0.04 at κ = 0.54) and every fit draws its pairs from it.
 * @param firstFitPairs N = 100: the first calibration is fitted once this many pairs have arrived,
 *     on the last N. With five levels that is about 20 labels per level, which puts each level's
 *     expected label within a standard error of about 0.2 point (σ / √20 with σ ≈ 0.8).
 * @param refitPairs R = 100: after a drift alert the calibration is refitted on the next R pairs,
 *     all of them after the detection, so none from before the drift leaks into the new fit.
 * @param residualDelta δ = 0.4 point: the drift allowance of the two-sided Page–Hinkley test on the
 *     residuals (calibrated score − label). Shifts in mean residual below 0.4 point accumulate no
 *     evidence on average; the test is tuned for shifts of about 0.8 point and more, so that a
 *     one-point drift still counts after the ends of the scale blunt it.
 * @param residualLambda λ = 15 points: the alarm threshold of that test. A shift of s points is
 *     detected after about 15 / (s − 0.4) labels: 25 for s = 1. Measured over 2,000 seeded
 *     streams each (BENCHMARKS.md, "Judge drift detection"): a shift of exactly +1 point in
 *     Gaussian residuals with σ = 1 point was detected after 25.4 labels on average (median 24,
 *     p99 53); a simulated judge whose raw score rose by one point, which the clamp at the top of
 *     the scale blunts to +0.88 point of calibrated residual, after 32.5 (median 31, p99 63). Both
 *     tests together raised 0.014 false alarms per 10,000 in-control labels at σ = 1, none in
 *     20,000,000 labels at σ = 0.7, and 1 in 10,000,000 labels of the simulated judge with
 *     residual spread 0.9.
 * @param absoluteResidualDelta δ = 0.25 point: the allowance of the one-sided (increase)
 *     Page–Hinkley test on |residual|, the agreement side: it catches a judge that stays unbiased
 *     but stops agreeing (a noisier or careless judge), which the residual test cannot see.
 * @param absoluteResidualLambda λ = 12 points: its threshold. A judge whose residual noise doubles
 *     from σ = 1 moves mean |residual| from 0.80 to 1.60 points and is detected after about 22
 *     labels (PageHinkleyTest).
 * @param recoveryPairs K = 50: after a refit, the pairs over which agreement must have settled.
 * @param recoveryMaeMargin 0.2 point: the judge is declared recovered at the first pair at which
 *     the last K pairs since the refit raised no alarm and their mean |residual| is at most the
 *     refit's own (in-sample) mean |residual| plus this margin. With |residual| spread about 0.5
 *     point the mean of 50 has a standard error of about 0.07, so the margin is about three of
 *     them: a settled judge recovers at the first check, a still-drifting one does not.
 * @param intervalLevel 0.95: the confidence level of the agreement intervals.
 */
public record JudgeMonitorSettings(
        int window,
        int firstFitPairs,
        int refitPairs,
        double residualDelta,
        double residualLambda,
        double absoluteResidualDelta,
        double absoluteResidualLambda,
        int recoveryPairs,
        double recoveryMaeMargin,
        double intervalLevel) {

    public static final JudgeMonitorSettings DEFAULTS =
            new JudgeMonitorSettings(200, 100, 100, 0.4, 15.0, 0.25, 12.0, 50, 0.2, 0.95);

    public JudgeMonitorSettings {
        List<String> problems = new ArrayList<>();
        if (firstFitPairs < 2) {
            problems.add("first_fit_pairs: must be at least 2, was " + firstFitPairs);
        }
        if (refitPairs < 2) {
            problems.add("refit_pairs: must be at least 2, was " + refitPairs);
        }
        if (recoveryPairs < 1) {
            problems.add("recovery_pairs: must be at least 1, was " + recoveryPairs);
        }
        int largest = Math.max(firstFitPairs, Math.max(refitPairs, recoveryPairs));
        if (window < largest) {
            problems.add("window: must hold the largest of first_fit_pairs, refit_pairs and recovery_pairs ("
                    + largest + "), was " + window);
        }
        if (!(residualDelta >= 0) || !Double.isFinite(residualDelta)) {
            problems.add("residual_delta: must be finite and non-negative, was " + residualDelta);
        }
        if (!(residualLambda > 0) || !Double.isFinite(residualLambda)) {
            problems.add("residual_lambda: must be finite and positive, was " + residualLambda);
        }
        if (!(absoluteResidualDelta >= 0) || !Double.isFinite(absoluteResidualDelta)) {
            problems.add("absolute_residual_delta: must be finite and non-negative, was " + absoluteResidualDelta);
        }
        if (!(absoluteResidualLambda > 0) || !Double.isFinite(absoluteResidualLambda)) {
            problems.add("absolute_residual_lambda: must be finite and positive, was " + absoluteResidualLambda);
        }
        if (!(recoveryMaeMargin >= 0) || !Double.isFinite(recoveryMaeMargin)) {
            problems.add("recovery_mae_margin: must be finite and non-negative, was " + recoveryMaeMargin);
        }
        if (!(intervalLevel > 0 && intervalLevel < 1)) {
            problems.add("interval_level: must be in (0, 1), was " + intervalLevel);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }
}

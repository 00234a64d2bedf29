package io.sluice.core.drift;

/**
 * A change a {@link PageHinkley} detector signalled.
 *
 * @param direction which way the mean moved: {@link DriftDirection#INCREASE} or {@link DriftDirection#DECREASE}
 * @param statistic the Page–Hinkley statistic that crossed the threshold
 * @param threshold λ
 * @param observations observations since the detector's reset, the one that alarmed included
 * @param changePoint the estimated change point, as the number of observations before it: the
 *     change is placed right after the observation where the cumulative sum was at its extreme,
 *     the maximum-likelihood estimate for a shift in a normal mean (Hinkley 1971)
 */
public record PageHinkleyAlarm(
        DriftDirection direction, double statistic, double threshold, long observations, long changePoint) {

    /** Observations from the estimated change point to the alarm. */
    public long observationsSinceChange() {
        return observations - changePoint;
    }
}

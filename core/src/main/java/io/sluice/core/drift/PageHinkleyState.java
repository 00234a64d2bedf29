package io.sluice.core.drift;

/**
 * Everything a {@link PageHinkley} detector remembers of the stream since its last reset: nine
 * numbers, whatever the stream's length, so it checkpoints as a plain record.
 *
 * @param count observations since the reset
 * @param priorCount the weight of the mean the detector was primed with (0 if it was not)
 * @param mean the running mean: of the observations since the reset and, with weight
 *     {@code priorCount}, of the prior mean
 * @param upSum U_T = Σ (x_t − x̄_t − δ), the cumulative sum that climbs when the mean goes up
 * @param upMin min(0, U_1 … U_T)
 * @param upMinAt the count at which that minimum was reached (0: at the reset)
 * @param downSum L_T = Σ (x_t − x̄_t + δ), which falls when the mean goes down
 * @param downMax max(0, L_1 … L_T)
 * @param downMaxAt the count at which that maximum was reached
 */
public record PageHinkleyState(
        long count,
        long priorCount,
        double mean,
        double upSum,
        double upMin,
        long upMinAt,
        double downSum,
        double downMax,
        long downMaxAt) {

    /** A detector that has seen nothing. */
    public static final PageHinkleyState RESET = new PageHinkleyState(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /**
     * A detector that starts from a mean already estimated on {@code priorCount} observations,
     * for example the residuals a calibration was fitted on. Unprimed, the test measures each
     * observation against the mean of the observations since its reset, so a shift that starts
     * within a few dozen observations of the reset is largely absorbed into that mean and goes
     * unseen: with δ = 0.4 a one-point shift m observations after the reset accumulates only about
     * m (ln(1/δ) − 1 + δ) ≈ 0.32 m of evidence. Primed with n₀ observations the mean moves by at
     * most 1/(n₀ + t) per observation from the start.
     */
    public static PageHinkleyState primed(long priorCount, double priorMean) {
        if (priorCount < 0 || !Double.isFinite(priorMean)) {
            throw new IllegalArgumentException("need a non-negative prior count and a finite prior mean");
        }
        return new PageHinkleyState(0, priorCount, priorCount == 0 ? 0 : priorMean, 0, 0, 0, 0, 0, 0);
    }
}

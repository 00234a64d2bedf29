package io.sluice.core.drift;

/**
 * Everything a {@link PageHinkley} detector remembers of the stream since its last reset: eight
 * numbers, whatever the stream's length, so it checkpoints as a plain record.
 *
 * @param count observations since the reset
 * @param mean their running mean
 * @param upSum U_T = Σ (x_t − x̄_t − δ), the cumulative sum that climbs when the mean goes up
 * @param upMin min(0, U_1 … U_T)
 * @param upMinAt the count at which that minimum was reached (0: at the reset)
 * @param downSum L_T = Σ (x_t − x̄_t + δ), which falls when the mean goes down
 * @param downMax max(0, L_1 … L_T)
 * @param downMaxAt the count at which that maximum was reached
 */
public record PageHinkleyState(
        long count,
        double mean,
        double upSum,
        double upMin,
        long upMinAt,
        double downSum,
        double downMax,
        long downMaxAt) {

    /** A detector that has seen nothing. */
    public static final PageHinkleyState RESET = new PageHinkleyState(0, 0, 0, 0, 0, 0, 0, 0);
}

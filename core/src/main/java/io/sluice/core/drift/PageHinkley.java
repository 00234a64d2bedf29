package io.sluice.core.drift;

import java.util.Optional;

/**
 * The Page–Hinkley test for a change in the mean of a stream (Page 1954, "Continuous inspection
 * schemes", Biometrika 41; Hinkley 1971, Biometrika 58), in the streaming form that measures each
 * observation against the running mean of the stream since the last reset (Mouss et al. 2004;
 * Gama et al. 2014, "A survey on concept drift adaptation", ACM Computing Surveys 46(4)):
 * <pre>
 *   x̄_T = (1/T) Σ_{t≤T} x_t
 *   U_T = Σ_{t≤T} (x_t − x̄_t − δ),   PH⁺_T = U_T − min(0, U_1 … U_T)    alarm (increase) when PH⁺_T > λ
 *   L_T = Σ_{t≤T} (x_t − x̄_t + δ),   PH⁻_T = max(0, L_1 … L_T) − L_T    alarm (decrease) when PH⁻_T > λ
 * </pre>
 * It is Page's CUSUM with the unknown in-control mean replaced by its running estimate, so it
 * needs no target: a judge whose residuals have a constant bias (one not yet calibrated) is not
 * drifting, a judge whose bias changes is. The running mean may start from a prior estimate
 * ({@link PageHinkleyState#primed}), so that a shift soon after a reset is not taken for the
 * in-control mean.
 *
 * <p><b>The parameters are in the units of the stream</b> (scale points for judge residuals):
 * <ul>
 *   <li>δ, the drift allowance: each observation is charged δ before it counts as evidence, so
 *       shifts smaller than δ accumulate nothing on average and go undetected; CUSUM theory
 *       puts δ at half the smallest shift worth detecting quickly (the optimal reference value
 *       for a shift of 2δ in a normal mean; Lorden 1971, Moustakides 1986).
 *   <li>λ, the threshold on the accumulated evidence. After a shift of size s > δ the statistic
 *       climbs about s − δ per observation, so detection takes about λ / (s − δ) observations. In
 *       control it is a random walk with drift −δ reflected at 0, whose excursions above λ become
 *       exponentially rare, roughly as exp(−2δλ/σ²) for observations of standard deviation σ: λ
 *       buys a lower false-alarm rate linearly in delay and exponentially in rate, and a noisier
 *       stream needs a proportionally larger λ for the same rate.
 * </ul>
 * The delay and false-alarm figures of the settings Sluice uses are measured, not derived: see
 * {@code JudgeMonitorSettings} and BENCHMARKS.md.
 *
 * <p>Stateless and thread-safe: the state is a {@link PageHinkleyState} value that {@link #update}
 * replaces.
 */
public final class PageHinkley {
    private final double delta;
    private final double lambda;
    private final DriftDirection direction;

    /**
     * @param delta δ ≥ 0, the drift allowance
     * @param lambda λ > 0, the alarm threshold
     */
    public PageHinkley(double delta, double lambda, DriftDirection direction) {
        if (!(delta >= 0) || !Double.isFinite(delta)) {
            throw new IllegalArgumentException("delta must be finite and non-negative, was " + delta);
        }
        if (!(lambda > 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite and positive, was " + lambda);
        }
        this.delta = delta;
        this.lambda = lambda;
        this.direction = direction;
    }

    public double delta() {
        return delta;
    }

    public double lambda() {
        return lambda;
    }

    public DriftDirection direction() {
        return direction;
    }

    /** The state after one more observation. */
    public PageHinkleyState update(PageHinkleyState state, double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("observation must be finite, was " + x);
        }
        long count = state.count() + 1;
        double mean = state.mean() + (x - state.mean()) / (state.priorCount() + count);
        double upSum = state.upSum() + (x - mean - delta);
        double downSum = state.downSum() + (x - mean + delta);
        double upMin = state.upMin();
        long upMinAt = state.upMinAt();
        if (upSum < upMin) {
            upMin = upSum;
            upMinAt = count;
        }
        double downMax = state.downMax();
        long downMaxAt = state.downMaxAt();
        if (downSum > downMax) {
            downMax = downSum;
            downMaxAt = count;
        }
        return new PageHinkleyState(count, state.priorCount(), mean, upSum, upMin, upMinAt, downSum, downMax, downMaxAt);
    }

    /** PH⁺, the evidence of an increase. */
    public double increaseStatistic(PageHinkleyState state) {
        return state.upSum() - state.upMin();
    }

    /** PH⁻, the evidence of a decrease. */
    public double decreaseStatistic(PageHinkleyState state) {
        return state.downMax() - state.downSum();
    }

    /** The change this state signals, if its statistic in a watched direction is above λ. */
    public Optional<PageHinkleyAlarm> alarm(PageHinkleyState state) {
        double up = direction.watchesIncrease() ? increaseStatistic(state) : Double.NEGATIVE_INFINITY;
        double down = direction.watchesDecrease() ? decreaseStatistic(state) : Double.NEGATIVE_INFINITY;
        if (up > lambda && up >= down) {
            return Optional.of(new PageHinkleyAlarm(DriftDirection.INCREASE, up, lambda, state.count(), state.upMinAt()));
        }
        if (down > lambda) {
            return Optional.of(new PageHinkleyAlarm(DriftDirection.DECREASE, down, lambda, state.count(), state.downMaxAt()));
        }
        return Optional.empty();
    }
}

package io.sluice.core.assignment;

import io.sluice.core.experiment.ExperimentSpec;

/**
 * Which requests are traced and which traces are judged, decided by a hash of the request id.
 * Both use the same hash against different rates, so the judged requests are always a subset of
 * the traced ones, and every arm is sampled at the same rate because the hash ignores the arm.
 */
public final class RequestSampling {
    private RequestSampling() {}

    public static double position(ExperimentSpec spec, String requestId) {
        return position(spec.salt(), requestId);
    }

    /** Where a request falls in [0, 1) for the experiment salted {@code salt}; below a rate, it is sampled. */
    public static double position(String salt, String requestId) {
        return UnitHash.uniform(salt, "sample", requestId);
    }

    public static boolean traced(ExperimentSpec spec, String requestId) {
        return position(spec, requestId) < spec.traceSampleRate();
    }

    public static boolean judged(ExperimentSpec spec, String requestId) {
        return spec.judge().enabled() && position(spec, requestId) < spec.judge().sampleRate();
    }
}

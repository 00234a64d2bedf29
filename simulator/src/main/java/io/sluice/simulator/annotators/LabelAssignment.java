package io.sluice.simulator.annotators;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Decides, from the request id alone, whether a request gets labelled, by which annotators, and
 * the noise each of them adds. Nothing depends on the order answers arrive in or on which thread
 * handles them, so a run labels the same requests the same way every time.
 */
final class LabelAssignment {
    private final long seed;
    private final double rate;
    private final int labelsPerRequest;
    private final List<Annotator> annotators;

    LabelAssignment(AnnotatorConfig config) {
        this.seed = config.seed();
        this.rate = config.labelRate();
        this.labelsPerRequest = config.labelsPerRequest();
        this.annotators = config.annotators();
    }

    /** The annotators who label {@code requestId}; empty when it is not in the sample. */
    List<Annotator> labellersOf(String requestId) {
        SplittableRandom rng = new SplittableRandom(mix(seed, requestId, ""));
        if (rng.nextDouble() >= rate) {
            return List.of();
        }
        List<Annotator> pool = new ArrayList<>(annotators);
        List<Annotator> chosen = new ArrayList<>();
        for (int i = 0; i < labelsPerRequest; i++) {
            chosen.add(pool.remove(rng.nextInt(pool.size())));
        }
        return chosen;
    }

    /** The generator of {@code annotator}'s error on {@code requestId}. */
    SplittableRandom noiseOf(String requestId, Annotator annotator) {
        return new SplittableRandom(mix(seed, requestId, annotator.name()));
    }

    // String.hashCode is specified by the language, so these seeds are the same in every JVM.
    private static long mix(long seed, String requestId, String annotator) {
        long h = seed * 0x9E3779B97F4A7C15L;
        h ^= requestId.hashCode() * 0xC2B2AE3D27D4EB4FL;
        h ^= ((long) requestId.length() << 32) ^ annotator.hashCode() * 0x165667B19E3779F9L;
        return new SplittableRandom(h).nextLong();
    }
}

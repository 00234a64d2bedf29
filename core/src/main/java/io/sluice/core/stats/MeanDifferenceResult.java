package io.sluice.core.stats;

/** A comparison of a treatment's mean against a control's (Welch). */
public record MeanDifferenceResult(
        MeanStats control,
        MeanStats treatment,
        double difference,
        Interval differenceInterval,
        double t,
        double degreesOfFreedom,
        double pValue) {}

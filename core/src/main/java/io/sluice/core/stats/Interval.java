package io.sluice.core.stats;

/** A two-sided confidence interval at the stated level (0.95 for 95%). */
public record Interval(double lower, double upper, double level) {
    public boolean contains(double x) {
        return x >= lower && x <= upper;
    }
}

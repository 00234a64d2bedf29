package io.sluice.core.event;

/** Checks events make on construction, so a malformed record fails when it is read, with a reason. */
final class Required {
    private Required() {}

    static String text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + ": required");
        }
        return value;
    }

    static <T> T present(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + ": required");
        }
        return value;
    }

    static double finite(double value, String field) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(field + ": must be a finite number");
        }
        return value;
    }

    static double probability(double value, String field) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(field + ": must be in [0, 1], was " + value);
        }
        return value;
    }
}

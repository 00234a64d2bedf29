package io.sluice.core.event;

/**
 * The wire-format version every event carries. Readers accept only versions they know: an
 * incompatible change bumps this number, and a record with another version is rejected (to the
 * dead-letter topic on the learning path) instead of being half-understood.
 */
public final class SchemaVersion {
    public static final int CURRENT = 1;

    private SchemaVersion() {}

    static void require(int version, String event) {
        if (version != CURRENT) {
            throw new IllegalArgumentException(
                    event + ": unsupported schema_version " + version + " (this reader knows " + CURRENT + ")");
        }
    }
}

package io.sluice.simulator.world;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A seed hashed from the world seed and a sequence of texts: the same inputs give the same seed
 * in any process, on any run, and one changed character gives another. SHA-256 is used because it
 * is stable across JVMs and well mixed, not for secrecy.
 */
public final class SeedHash {
    private final MessageDigest sha;

    private SeedHash(long worldSeed) {
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        sha.update(ByteBuffer.allocate(Long.BYTES).putLong(worldSeed).array());
    }

    public static SeedHash of(long worldSeed) {
        return new SeedHash(worldSeed);
    }

    /** Adds a text, length-prefixed, so that ("ab", "c") and ("a", "bc") hash differently. */
    public SeedHash with(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        sha.update(bytes);
        return this;
    }

    /** The seed: the first eight bytes of the digest. */
    public long seed() {
        return ByteBuffer.wrap(sha.digest()).getLong();
    }
}

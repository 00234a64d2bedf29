package io.sluice.core.assignment;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Maps (salt, purpose, id) to a uniform number in [0, 1) with SHA-256: the same inputs give the
 * same number on every router, in every language, forever, so assignment needs no state. The
 * purpose keeps independent decisions about one unit (is it in the experiment? which arm? is this
 * request traced?) uncorrelated.
 */
public final class UnitHash {
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    });
    private static final double TWO_TO_MINUS_53 = 0x1.0p-53;

    private UnitHash() {}

    public static double uniform(String salt, String purpose, String id) {
        MessageDigest digest = SHA256.get();
        digest.reset();
        digest.update(salt.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(purpose.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(id.getBytes(StandardCharsets.UTF_8));
        long bits = ByteBuffer.wrap(digest.digest()).getLong();
        // The top 53 bits make an exactly representable double in [0, 1).
        return (bits >>> 11) * TWO_TO_MINUS_53;
    }
}

package io.sluice.simulator.upstream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The seed of one answer: a hash of the world seed, the model and every message. Identical
 * requests get identical answers, qualities and error decisions, in any process, on any run;
 * change a single character of a message and the answer is drawn afresh. A cryptographic hash is
 * used only because it is stable across JVMs and well mixed, not for secrecy.
 */
public final class RequestSeed {
    private RequestSeed() {}

    public static long of(long worldSeed, String model, List<ChatMessage> messages) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        sha.update(ByteBuffer.allocate(Long.BYTES).putLong(worldSeed).array());
        update(sha, model);
        for (ChatMessage message : messages) {
            update(sha, message.role());
            update(sha, message.content());
        }
        return ByteBuffer.wrap(sha.digest()).getLong();
    }

    // Length-prefixed, so that ("ab","c") and ("a","bc") hash differently.
    private static void update(MessageDigest sha, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        sha.update(bytes);
    }
}

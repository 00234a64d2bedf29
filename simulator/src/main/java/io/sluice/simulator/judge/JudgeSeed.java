package io.sluice.simulator.judge;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The seed of one grading: a hash of the world seed, the judge model, the mode and the text of
 * each answer under judgement, with runs of whitespace collapsed. It deliberately leaves out
 * everything else in the prompt: the per-call boundary tokens a careful caller sends make every
 * prompt unique, and a judge whose noise changed with them would grade the same answer
 * differently on every call. The same answer thus gets the same noise however it is framed,
 * which is what lets a test compare an answer with and without an injected instruction.
 */
final class JudgeSeed {
    private JudgeSeed() {}

    static long of(long worldSeed, String model, String mode, List<String> answers) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        sha.update(ByteBuffer.allocate(Long.BYTES).putLong(worldSeed).array());
        update(sha, model);
        update(sha, mode);
        for (String answer : answers) {
            update(sha, normalized(answer));
        }
        return ByteBuffer.wrap(sha.digest()).getLong();
    }

    static String normalized(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }

    // Length-prefixed, so that ("ab","c") and ("a","bc") hash differently.
    private static void update(MessageDigest sha, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        sha.update(bytes);
    }
}

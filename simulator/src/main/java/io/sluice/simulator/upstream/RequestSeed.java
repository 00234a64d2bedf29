package io.sluice.simulator.upstream;

import io.sluice.simulator.world.SeedHash;
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
        SeedHash hash = SeedHash.of(worldSeed).with(model);
        for (ChatMessage message : messages) {
            hash.with(message.role()).with(message.content());
        }
        return hash.seed();
    }
}

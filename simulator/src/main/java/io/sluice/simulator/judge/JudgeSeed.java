package io.sluice.simulator.judge;

import io.sluice.simulator.world.SeedHash;
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
        SeedHash hash = SeedHash.of(worldSeed).with(model).with(mode);
        for (String answer : answers) {
            hash.with(normalized(answer));
        }
        return hash.seed();
    }

    static String normalized(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }
}

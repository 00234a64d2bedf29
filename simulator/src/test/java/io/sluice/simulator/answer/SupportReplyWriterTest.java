package io.sluice.simulator.answer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.simulator.quality.QualityMark;
import java.util.List;
import java.util.OptionalInt;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

class SupportReplyWriterTest {
    private static final List<String> LATE_PACKAGE =
            List.of("Hi, I'm Dana (order #51234). My package hasn't arrived. It's been 8 days.");
    private static final AnswerShape SHAPE = new AnswerShape(35, 80, 4);
    private final SupportReplyWriter writer = new SupportReplyWriter();

    private SimulatedAnswer write(List<String> messages, double quality, OptionalInt maxTokens, long seed) {
        return writer.write(messages, quality, SHAPE, maxTokens, new Well19937c(seed));
    }

    @Test
    void theSameGeneratorSeedWritesTheSameReply() {
        assertThat(write(LATE_PACKAGE, 0.6, OptionalInt.empty(), 5))
                .isEqualTo(write(LATE_PACKAGE, 0.6, OptionalInt.empty(), 5));
    }

    @Test
    void aGoodReplyGreetsByNameCitesThePolicyAndNamesTheOrder() {
        String reply = write(LATE_PACKAGE, 0.8, OptionalInt.empty(), 1).content();

        assertThat(reply).startsWith("Hi Dana,").contains("Shipping Policy").contains("#51234");
        assertThat(QualityMark.read(reply)).hasValue(0.8);
    }

    @Test
    void aPoorReplyNeitherCitesAPolicyNorUsesTheName() {
        String reply = write(LATE_PACKAGE, 0.2, OptionalInt.empty(), 1).content();

        assertThat(reply).doesNotContain("Policy").doesNotContain("Dana");
    }

    @Test
    void followUpsKeepTheTopicOfTheQuestionBeforeThem() {
        String reply = write(List.of("The item I received is damaged. What are my options?",
                "Thanks. How long will that take?"), 0.9, OptionalInt.empty(), 2).content();

        assertThat(reply).contains("Return Policy (section 4.1)");
    }

    @Test
    void maxTokensCutsTheBodyAndTheQualityWithIt() {
        SimulatedAnswer full = write(LATE_PACKAGE, 0.6, OptionalInt.empty(), 3);
        SimulatedAnswer cut = write(LATE_PACKAGE, 0.6, OptionalInt.of(10), 3);

        assertThat(cut.finishReason()).isEqualTo("length");
        assertThat(cut.completionTokens()).isEqualTo(10);
        assertThat(QualityMark.strip(full.content())).startsWith(QualityMark.strip(cut.content()));
        assertThat(cut.quality()).isCloseTo(0.6 * 10 / full.completionTokens(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(full.finishReason()).isEqualTo("stop");
    }

    @Test
    void theChunksMakeUpTheContentAndEndWithTheMark() {
        SimulatedAnswer answer = write(LATE_PACKAGE, 0.5, OptionalInt.empty(), 4);

        assertThat(String.join("", answer.chunks())).isEqualTo(answer.content());
        assertThat(answer.chunks().get(answer.chunks().size() - 1).strip()).isEqualTo(QualityMark.format(0.5));
        assertThat(answer.chunks().get(0).strip().split("\\s+")).hasSizeLessThanOrEqualTo(SHAPE.chunkWords());
    }

    @Test
    void paddingStaysWithinTheLongestLength() {
        for (long seed = 0; seed < 50; seed++) {
            SimulatedAnswer answer = write(LATE_PACKAGE, 0.3, OptionalInt.empty(), seed);
            assertThat(answer.completionTokens()).isLessThanOrEqualTo(SHAPE.maxWords());
        }
    }
}

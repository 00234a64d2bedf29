package io.sluice.judge.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.judge.FailureKind;
import org.junit.jupiter.api.Test;

class PairwiseReplyParserTest {

    @Test
    void readsTheWinnerInItsUsualSpellings() {
        assertThat(PairwiseReplyParser.parse("{\"rationale\": \"x\", \"winner\": \"A\"}").value().winner())
                .isEqualTo(Winner.A);
        assertThat(PairwiseReplyParser.parse("```json\n{\"winner\": \"Answer B\"}\n```").value().winner())
                .isEqualTo(Winner.B);
        assertThat(PairwiseReplyParser.parse("{\"winner\": \"TIE\"} Both are fine.").value().winner())
                .isEqualTo(Winner.TIE);
    }

    @Test
    void aReplyWithoutAWinnerIsAFailureNotATie() {
        assertThat(PairwiseReplyParser.parse("{\"rationale\": \"Both fine.\"}").failure().kind())
                .isEqualTo(FailureKind.MISSING_WINNER);
        assertThat(PairwiseReplyParser.parse("{\"winner\": \"C\"}").failure().kind())
                .isEqualTo(FailureKind.MISSING_WINNER);
        assertThat(PairwiseReplyParser.parse("A is better.").failure().kind()).isEqualTo(FailureKind.UNPARSEABLE);
        assertThat(PairwiseReplyParser.parse("I'm sorry, I can't compare these.").failure().kind())
                .isEqualTo(FailureKind.REFUSAL);
        assertThat(PairwiseReplyParser.parse("").failure().kind()).isEqualTo(FailureKind.EMPTY_REPLY);
    }
}

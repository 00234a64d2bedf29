package io.sluice.judge.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.judge.Rubric;
import io.sluice.judge.FailureKind;
import io.sluice.judge.Rubrics;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RubricReplyParserTest {
    private static final Rubric RUBRIC = Rubrics.supportBot();

    private static Parsed<AxisGrades> parse(String reply) {
        return RubricReplyParser.parse(reply, RUBRIC);
    }

    private static void assertGrades(Parsed<AxisGrades> parsed, double clarity, double accuracy, double policy) {
        assertThat(parsed.ok()).as("failure: %s", parsed.failure()).isTrue();
        assertThat(parsed.value().axes()).containsExactly(
                Map.entry("clarity", clarity), Map.entry("accuracy", accuracy), Map.entry("policy_citation", policy));
    }

    @Nested
    class Readable {
        @Test
        void bareJson() {
            Parsed<AxisGrades> parsed = parse(
                    "{\"rationale\": \"Clear.\", \"scores\": {\"clarity\": 4, \"accuracy\": 3, \"policy_citation\": 5}}");
            assertGrades(parsed, 4, 3, 5);
            assertThat(parsed.value().rationale()).isEqualTo("Clear.");
            assertThat(parsed.value().mean()).isEqualTo(4.0);
        }

        @Test
        void fencedJson() {
            assertGrades(parse("""
                    Here is my grading.

                    ```json
                    {"scores": {"clarity": 5, "accuracy": 4, "policy_citation": 2}, "rationale": "No link."}
                    ```
                    """), 5, 4, 2);
        }

        @Test
        void jsonFollowedByProse() {
            assertGrades(parse("{\"scores\": {\"clarity\": 2, \"accuracy\": 2, \"policy_citation\": 1}}\n\n"
                    + "The answer {mostly} hedges and never cites a policy."), 2, 2, 1);
        }

        @Test
        void proseAroundJson() {
            assertGrades(parse("After reading the answer carefully, my grades are "
                    + "{\"scores\": {\"clarity\": 3, \"accuracy\": 4, \"policy_citation\": 3}} — I hope this helps."),
                    3, 4, 3);
        }

        @Test
        void theFencedBlockWinsOverAnExampleInTheProse() {
            assertGrades(parse("The form is {\"scores\": {\"clarity\": 1, \"accuracy\": 1, \"policy_citation\": 1}}.\n"
                    + "```json\n{\"scores\": {\"clarity\": 4, \"accuracy\": 4, \"policy_citation\": 4}}\n```"), 4, 4, 4);
        }

        @Test
        void axesAtTheTopLevelInAnyCaseWithNumericStringsAndTrailingCommas() {
            assertGrades(parse("{'Clarity': '4', 'ACCURACY': 3.0, 'Policy Citation': \"5/5\",}"), 4, 3, 5);
        }

        @Test
        void gradesGivenAsObjects() {
            assertGrades(parse("{\"scores\": {\"clarity\": {\"score\": 4, \"reason\": \"ok\"}, "
                    + "\"accuracy\": {\"score\": 4}, \"policy_citation\": {\"score\": 1}}}"), 4, 4, 1);
        }

        @Test
        void aRefusalWordInTheExplanationDoesNotHideValidGrades() {
            assertGrades(parse("{\"scores\": {\"clarity\": 3, \"accuracy\": 3, \"policy_citation\": 3}}\n"
                    + "I cannot be sure the order number is right."), 3, 3, 3);
        }
    }

    @Nested
    class RecordedFailures {
        @Test
        void scoresOutOfRange() {
            Parsed<AxisGrades> parsed = parse("{\"scores\": {\"clarity\": 7, \"accuracy\": 0, \"policy_citation\": 3}}");
            assertThat(parsed.failure().kind()).isEqualTo(FailureKind.OUT_OF_RANGE);
            assertThat(parsed.failure().reason()).isEqualTo("out_of_range: clarity=7, accuracy=0 outside [1, 5]");
            assertThat(parsed.value()).isNull();
        }

        @Test
        void missingAxes() {
            Parsed<AxisGrades> parsed = parse("{\"scores\": {\"clarity\": 4}}");
            assertThat(parsed.failure().kind()).isEqualTo(FailureKind.MISSING_AXES);
            assertThat(parsed.failure().detail()).isEqualTo("missing accuracy, policy_citation");
        }

        @Test
        void jsonWithoutAnyGrades() {
            Parsed<AxisGrades> parsed = parse("{\"rationale\": \"The answer is fine.\"}");
            assertThat(parsed.failure().kind()).isEqualTo(FailureKind.MISSING_AXES);
        }

        @Test
        void aGradeThatIsNotANumber() {
            Parsed<AxisGrades> parsed = parse(
                    "{\"scores\": {\"clarity\": \"good\", \"accuracy\": 4, \"policy_citation\": 4}}");
            assertThat(parsed.failure().kind()).isEqualTo(FailureKind.INVALID_SCORE);
            assertThat(parsed.failure().detail()).contains("clarity=\"good\"");
        }

        @Test
        void anEmptyReply() {
            assertThat(parse("").failure().kind()).isEqualTo(FailureKind.EMPTY_REPLY);
            assertThat(parse("   \n\t").failure().kind()).isEqualTo(FailureKind.EMPTY_REPLY);
            assertThat(parse(null).failure().kind()).isEqualTo(FailureKind.EMPTY_REPLY);
        }

        @Test
        void refusals() {
            assertThat(parse("I'm sorry, but I can't help with grading this content.").failure().kind())
                    .isEqualTo(FailureKind.REFUSAL);
            assertThat(parse("I cannot evaluate this answer.").failure().kind()).isEqualTo(FailureKind.REFUSAL);
            assertThat(parse("{\"refusal\": \"This content violates the policy.\"}").failure().kind())
                    .isEqualTo(FailureKind.REFUSAL);
        }

        @Test
        void proseWithoutJson() {
            Parsed<AxisGrades> parsed = parse("Clarity is good, accuracy is fair, the policy is cited.");
            assertThat(parsed.failure().kind()).isEqualTo(FailureKind.UNPARSEABLE);
        }

        @Test
        void jsonCutShort() {
            Parsed<AxisGrades> parsed = parse("{\"scores\": {\"clarity\": 4, \"accuracy\": 4, \"policy_citation\": 4}, "
                    + "\"rationale\": \"Clear and");
            assertThat(parsed.failure().kind()).isEqualTo(FailureKind.UNPARSEABLE);
        }
    }
}

package io.sluice.flink.agreement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.sluice.core.event.DeadLetter;
import io.sluice.core.event.JudgeScore;
import io.sluice.core.event.Label;
import io.sluice.core.json.SluiceJson;
import io.sluice.flink.JudgeFixtures;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LabelScoreJoinTest extends JudgeFixtures {
    private static final Duration TTL = Duration.ofHours(48);

    private KeyedOneInputStreamOperatorTestHarness<String, PairEvent, LabelledScore> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new LabelScoreJoin(TTL, "test.labels", "test-agreement"), PairEvent::requestId,
                Types.STRING);
        harness.setStateTtlProcessingTime(0);
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void aLabelThatNoScoreMeetsWithinTheTtlIsADeadLetterWithTheReason() throws Exception {
        harness.setProcessingTime(0);
        Label orphan = label("r1", "ann-0", 4, seconds(10));
        arrives(orphan);
        harness.setProcessingTime(TTL.toMillis() - 1);
        assertThat(harness.getSideOutput(LabelScoreJoin.DEAD_LETTERS)).as("not before the TTL").isNullOrEmpty();

        harness.setProcessingTime(TTL.toMillis());

        assertThat(harness.getSideOutput(LabelScoreJoin.DEAD_LETTERS)).singleElement().satisfies(record -> {
            io.sluice.core.event.DeadLetter dead = record.getValue();
            assertThat(dead.sourceTopic()).isEqualTo("test.labels");
            assertThat(dead.key()).isEqualTo("r1");
            assertThat(dead.cause()).isEqualTo(io.sluice.core.event.DeadLetterCause.UNMATCHED_LABEL);
            assertThat(dead.reason()).contains("no judge score", "not sampled by the judge");
            assertThat(io.sluice.core.json.SluiceJson.fromJson(new String(dead.original(),
                    java.nio.charset.StandardCharsets.UTF_8), Label.class)).isEqualTo(orphan);
        });
    }

    @Test
    void eachUnmatchedLabelIsGivenUpOnItsOwnDeadline() throws Exception {
        Duration later = Duration.ofHours(10);
        harness.setProcessingTime(0);
        arrives(label("r1", "ann-0", 4, seconds(10)));
        harness.setProcessingTime(later.toMillis());
        arrives(label("r1", "ann-1", 2, seconds(10).plus(later)));

        harness.setProcessingTime(TTL.toMillis());
        assertThat(deadLetters()).as("the first label's TTL is over, the second's is not")
                .extracting(DeadLetter::key, dead -> label(dead).annotator())
                .containsExactly(tuple("r1", "ann-0"));

        harness.setProcessingTime(TTL.plus(later).toMillis() - 1);
        assertThat(deadLetters()).hasSize(1);

        harness.setProcessingTime(TTL.plus(later).toMillis());
        assertThat(deadLetters()).extracting(dead -> label(dead).annotator()).containsExactly("ann-0", "ann-1");
        assertThat(deadLetters()).extracting(DeadLetter::failedAt).as("given up when each one's TTL ran out")
                .containsExactly(java.time.Instant.ofEpochMilli(TTL.toMillis()),
                        java.time.Instant.ofEpochMilli(TTL.plus(later).toMillis()));
    }

    @Test
    void theReasonNamesTheRequestAndTheTtlAsPeopleWriteIt() throws Exception {
        harness.setProcessingTime(0);
        arrives(label("req_00000000000000000000000000000abc", "ann-0", 4, seconds(10)));

        harness.setProcessingTime(TTL.toMillis());

        assertThat(deadLetters()).singleElement().extracting(DeadLetter::reason).isEqualTo("unmatched label: no "
                + "judge score for request_id req_00000000000000000000000000000abc arrived within the pair TTL (2d): "
                + "the answer was not sampled by the judge, or the id was never issued");
    }

    @Test
    void aFailedScoreLeavesTheLabelUnmatched() throws Exception {
        harness.setProcessingTime(0);
        arrives(label("r1", "ann-0", 4, seconds(10)));
        arrives(failedScore("r1", CHECKOUT, FINGERPRINT, "timeout: gave up after 3 attempt(s)", seconds(30)));

        harness.setProcessingTime(TTL.toMillis());

        assertThat(deadLetters()).singleElement().extracting(DeadLetter::key).isEqualTo("r1");
    }

    @Test
    void aLabelThatMeetsItsScoreLaterIsNoDeadLetter() throws Exception {
        harness.setProcessingTime(0);
        arrives(label("r1", "ann-0", 4, seconds(10)));
        harness.setProcessingTime(1_000);
        arrives(judgeScore("r1", CHECKOUT, FINGERPRINT, 3.67, seconds(30)));

        harness.setProcessingTime(TTL.toMillis() + 1);

        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(harness.getSideOutput(LabelScoreJoin.DEAD_LETTERS)).isNullOrEmpty();
    }

    @Test
    void aLabelArrivingBeforeItsScoreIsPaired() throws Exception {
        arrives(label("r1", "ann-0", 4, seconds(10)));
        assertThat(harness.extractOutputValues()).isEmpty();

        arrives(judgeScore("r1", CHECKOUT, FINGERPRINT, 3.67, seconds(30)));

        assertThat(harness.extractOutputValues()).singleElement().isEqualTo(new LabelledScore("r1", CHECKOUT,
                FINGERPRINT, 3.67, "ann-0", 4, seconds(30)));
    }

    @Test
    void aScoreArrivingBeforeItsLabelIsPairedAtTheLabelsTime() throws Exception {
        arrives(judgeScore("r1", CHECKOUT, FINGERPRINT, 2.0, seconds(30)));
        arrives(label("r1", "ann-0", 2, seconds(90)));

        assertThat(harness.extractOutputValues()).singleElement().satisfies(pair -> {
            assertThat(pair.rawScore()).isEqualTo(2.0);
            assertThat(pair.label()).isEqualTo(2);
            assertThat(pair.eventTime()).isEqualTo(seconds(90));
            assertThat(pair.pair().experiment()).isEqualTo(CHECKOUT);
        });
    }

    @Test
    void everyAnnotatorsLabelIsAPairWhicheverComesFirst() throws Exception {
        arrives(label("r1", "ann-0", 4, seconds(10)));
        arrives(label("r1", "ann-1", 5, seconds(20)));
        arrives(judgeScore("r1", CHECKOUT, FINGERPRINT, 4.33, seconds(30)));
        arrives(label("r1", "ann-2", 3, seconds(40)));

        assertThat(harness.extractOutputValues()).extracting(LabelledScore::annotator, LabelledScore::label)
                .containsExactlyInAnyOrder(tuple("ann-0", 4), tuple("ann-1", 5), tuple("ann-2", 3));
    }

    @Test
    void twoJudgesOfOneAnswerPairWithEachLabelSeparately() throws Exception {
        arrives(label("r1", "ann-0", 4, seconds(10)));
        arrives(judgeScore("r1", CHECKOUT, "fp-a", 4.0, seconds(30)));
        arrives(judgeScore("r1", CHECKOUT, "fp-b", 3.0, seconds(31)));

        assertThat(harness.extractOutputValues()).extracting(LabelledScore::fingerprint, LabelledScore::rawScore)
                .containsExactlyInAnyOrder(tuple("fp-a", 4.0), tuple("fp-b", 3.0));
    }

    @Test
    void aFailedScorePairsWithNothing() throws Exception {
        arrives(label("r1", "ann-0", 4, seconds(10)));
        arrives(failedScore("r1", CHECKOUT, FINGERPRINT, "timeout: gave up after 3 attempt(s)", seconds(30)));
        arrives(label("r1", "ann-1", 4, seconds(40)));

        assertThat(harness.extractOutputValues()).isEmpty();
    }

    @Test
    void theSameScoreOrLabelAgainPairsOnce() throws Exception {
        JudgeScore score = judgeScore("r1", CHECKOUT, FINGERPRINT, 3.0, seconds(30));
        Label label = label("r1", "ann-0", 3, seconds(10));
        arrives(label);
        arrives(score);
        arrives(score);
        arrives(label);
        // The judge asked again after a recovery: same request, same judge, another verdict.
        arrives(judgeScore("r1", CHECKOUT, FINGERPRINT, 4.0, seconds(35)));

        assertThat(harness.extractOutputValues()).singleElement()
                .extracting(LabelledScore::rawScore).isEqualTo(3.0);
    }

    @Test
    void aLabelLaterThanTheTtlFindsNoScore() throws Exception {
        arrives(judgeScore("r1", CHECKOUT, FINGERPRINT, 3.0, seconds(30)));
        arrives(judgeScore("r2", CHECKOUT, FINGERPRINT, 3.0, seconds(30)));

        harness.setStateTtlProcessingTime(TTL.toMillis() - 1);
        arrives(label("r1", "ann-0", 3, seconds(10)));
        harness.setStateTtlProcessingTime(TTL.toMillis() + 1);
        arrives(label("r2", "ann-0", 3, seconds(10)));

        assertThat(harness.extractOutputValues()).extracting(LabelledScore::requestId).containsExactly("r1");
    }

    @Test
    void aScoreLaterThanTheTtlFindsNoLabel() throws Exception {
        arrives(label("r1", "ann-0", 3, seconds(10)));

        harness.setStateTtlProcessingTime(TTL.toMillis() + 1);
        arrives(judgeScore("r1", CHECKOUT, FINGERPRINT, 3.0, seconds(30)));

        assertThat(harness.extractOutputValues()).isEmpty();
    }

    private List<DeadLetter> deadLetters() {
        var records = harness.getSideOutput(LabelScoreJoin.DEAD_LETTERS);
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }

    private static Label label(DeadLetter dead) {
        try {
            return SluiceJson.fromBytes(dead.original(), Label.class);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private void arrives(JudgeScore score) throws Exception {
        harness.processElement(PairEvent.of(score), 0);
    }

    private void arrives(Label label) throws Exception {
        harness.processElement(PairEvent.of(label), 0);
    }
}

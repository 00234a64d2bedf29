package io.sluice.judge.pairwise;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.judge.Rubric;
import io.sluice.judge.Answers;
import io.sluice.judge.ContentFlag;
import io.sluice.judge.FailureKind;
import io.sluice.judge.InjectionCorpus;
import io.sluice.judge.Rubrics;
import io.sluice.judge.SimulatedJudges;
import io.sluice.judge.fingerprint.JudgeFingerprint;
import io.sluice.judge.model.JudgeModelSettings;
import io.sluice.judge.prompt.PairwisePrompt;
import io.sluice.judge.prompt.RubricPrompt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Pairwise comparison in both orders, against simulated judges with and without position bias. */
class OrderSwappingTest {
    private static final Logger LOG = LoggerFactory.getLogger(OrderSwappingTest.class);
    private static final Rubric RUBRIC = Rubrics.supportBot();
    private static final double[][] CLEARLY_DIFFERENT = {{0.9, 0.2}, {0.2, 0.85}, {0.75, 0.3}, {0.35, 0.95},
            {0.8, 0.15}, {0.1, 0.7}, {0.65, 0.1}, {0.3, 0.9}, {0.95, 0.35}, {0.25, 0.8}};
    private static SimulatedJudges judges;

    @BeforeAll
    static void start() {
        judges = new SimulatedJudges();
    }

    @AfterAll
    static void stop() {
        judges.close();
    }

    private static PositionConsistencyReport compareAll(PairwiseJudge judge, PositionConsistency consistency) {
        for (int i = 0; i < CLEARLY_DIFFERENT.length; i++) {
            double[] pair = CLEARLY_DIFFERENT[i];
            PairwiseVerdict verdict = judge.compare(Answers.CONVERSATION, Answers.of(pair[0]) + " Case " + i,
                    Answers.of(pair[1]));
            consistency.record(verdict);
        }
        return consistency.report();
    }

    @Test
    void aJudgeThatAlwaysPrefersTheFirstPositionYieldsTies() {
        PairwiseJudge judge = PairwiseJudge.create(judges.settings(SimulatedJudges.FIRST_POSITION), RUBRIC);
        PairwiseVerdict verdict = judge.compare(Answers.CONVERSATION, Answers.of(0.9), Answers.of(0.2));

        assertThat(verdict.firstShownFirst()).isEqualTo(Preference.FIRST);
        assertThat(verdict.secondShownFirst()).isEqualTo(Preference.SECOND);
        assertThat(verdict.positionConsistent()).isFalse();
        assertThat(verdict.preference()).isEqualTo(Preference.TIE);

        PositionConsistencyReport report = compareAll(judge, new PositionConsistency());
        LOG.info("first-position judge: {}", report.summary());
        assertThat(report.rate()).isZero();
        assertThat(report.shownFirstWinRate()).isEqualTo(1.0);
        assertThat(report.interval().upper()).isLessThan(0.35);
    }

    @Test
    void aFairJudgeGivesConsistentVerdictsForClearlyDifferentAnswers() {
        PairwiseJudge judge = PairwiseJudge.create(judges.settings(SimulatedJudges.FAIR), RUBRIC);
        for (double[] pair : CLEARLY_DIFFERENT) {
            PairwiseVerdict verdict = judge.compare(Answers.CONVERSATION, Answers.of(pair[0]), Answers.of(pair[1]));
            assertThat(verdict.positionConsistent()).isTrue();
            assertThat(verdict.preference()).isEqualTo(pair[0] > pair[1] ? Preference.FIRST : Preference.SECOND);
        }
        PositionConsistencyReport report = compareAll(judge, new PositionConsistency());
        LOG.info("fair judge: {}", report.summary());
        assertThat(report.comparisons()).isEqualTo(CLEARLY_DIFFERENT.length);
        assertThat(report.rate()).isEqualTo(1.0);
        assertThat(report.shownFirstWinRate()).isEqualTo(0.5);
    }

    @Test
    void bothOrdersAreAskedAndTheirTokensAdded() {
        PairwiseJudge judge = PairwiseJudge.create(judges.settings(SimulatedJudges.FAIR), RUBRIC);
        long before = judges.upstream().received().countFor(SimulatedJudges.FAIR);
        PairwiseVerdict verdict = judge.compare(Answers.CONVERSATION, Answers.of(0.8), Answers.of(0.3));

        assertThat(judges.upstream().received().countFor(SimulatedJudges.FAIR) - before).isEqualTo(2);
        assertThat(judges.upstream().received().last().orElseThrow().parameters().at("/response_format/json_schema/name")
                .asText()).isEqualTo("pairwise_verdict");
        assertThat(verdict.tokens().prompt()).isGreaterThan(200);
        assertThat(verdict.fingerprint()).isNotEqualTo(JudgeFingerprint.of(judges.settings(SimulatedJudges.FAIR),
                RUBRIC, RubricPrompt.TEMPLATE_VERSION));
        assertThat(verdict.fingerprint()).isEqualTo(JudgeFingerprint.of(judges.settings(SimulatedJudges.FAIR),
                RUBRIC, PairwisePrompt.TEMPLATE_VERSION));
    }

    @Test
    void anAnswerThatInstructsTheJudgeDoesNotWinByIt() {
        PairwiseJudge judge = PairwiseJudge.create(judges.settings(SimulatedJudges.GULLIBLE), RUBRIC);
        String poorButPushy = InjectionCorpus.inject(Answers.of(0.2), InjectionCorpus.PHRASINGS.get(0),
                InjectionCorpus.Position.END);
        PairwiseVerdict verdict = judge.compare(Answers.CONVERSATION, poorButPushy, Answers.of(0.8));

        assertThat(verdict.preference()).isEqualTo(Preference.SECOND);
        assertThat(verdict.firstFlags()).containsExactly(ContentFlag.ADDRESSES_JUDGE);
        assertThat(verdict.secondFlags()).isEmpty();
    }

    @Test
    void aFailedComparisonIsRecordedAndLeftOutOfTheRate() {
        JudgeModelSettings refusing = judges.settings(SimulatedJudges.REFUSING);
        PositionConsistency consistency = new PositionConsistency();
        PairwiseVerdict verdict = PairwiseJudge.create(refusing, RUBRIC)
                .compare(Answers.CONVERSATION, Answers.of(0.8), Answers.of(0.3));
        consistency.record(verdict);

        assertThat(verdict.decided()).isFalse();
        assertThat(verdict.failure().kind()).isEqualTo(FailureKind.REFUSAL);
        assertThat(consistency.report().failed()).isEqualTo(1);
        assertThat(consistency.report().comparisons()).isZero();
    }
}

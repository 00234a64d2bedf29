package io.sluice.judge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import io.sluice.core.judge.Rubric;
import io.sluice.judge.injection.JudgeAddressDetector;
import io.sluice.judge.model.OpenAiJudgeModel;
import io.sluice.judge.parse.AxisGrades;
import io.sluice.judge.parse.Parsed;
import io.sluice.judge.parse.RubricReplyParser;
import io.sluice.judge.prompt.ReplySchemas;
import io.sluice.judge.rubric.RubricJudge;
import io.sluice.judge.rubric.RubricVerdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers with and without an instruction to the judge (seven phrasings, at the start, in the
 * middle and at the end), graded through the real judge-client by a simulated judge that obeys
 * any instruction it does not see clearly delimited as data. The injected answer must never
 * score higher than the clean one, and must be flagged. The same simulated judge, asked with a
 * naive prompt that pastes the answer in undelimited and unscreened, does raise the score: the
 * test measures the client's defence, not a judge that happens to be robust.
 */
class InjectionCorpusTest {
    private static final Logger LOG = LoggerFactory.getLogger(InjectionCorpusTest.class);
    private static final Rubric RUBRIC = Rubrics.supportBot();
    private static final List<Double> QUALITIES = List.of(0.2, 0.45, 0.7, 0.9);
    private static SimulatedJudges judges;

    @BeforeAll
    static void start() {
        judges = new SimulatedJudges();
    }

    @AfterAll
    static void stop() {
        judges.close();
    }

    record Pair(double quality, String phrasing, InjectionCorpus.Position where, String clean, String injected) {}

    private static List<Pair> corpus(List<Double> qualities) {
        List<Pair> pairs = new ArrayList<>();
        for (double q : qualities) {
            for (String phrasing : InjectionCorpus.PHRASINGS) {
                for (InjectionCorpus.Position where : InjectionCorpus.Position.values()) {
                    String clean = Answers.of(q);
                    pairs.add(new Pair(q, phrasing, where, clean, InjectionCorpus.inject(clean, phrasing, where)));
                }
            }
        }
        return pairs;
    }

    @Test
    void anInjectedInstructionNeverRaisesTheScoreAndIsFlagged() {
        for (String model : List.of(SimulatedJudges.GULLIBLE, SimulatedJudges.WORDY)) {
            RubricJudge judge = RubricJudge.create(judges.settings(model), RUBRIC);
            int lower = 0;
            int equal = 0;
            for (Pair pair : corpus(QUALITIES)) {
                RubricVerdict clean = judge.grade(Answers.CONVERSATION, pair.clean());
                RubricVerdict injected = judge.grade(Answers.CONVERSATION, pair.injected());

                assertThat(injected.scored()).isTrue();
                assertThat(injected.rawScore()).as("%s: %s at %s, q=%s", model, pair.phrasing(), pair.where(),
                        pair.quality()).isLessThanOrEqualTo(clean.rawScore());
                assertThat(injected.flagNames()).containsExactly("addresses_judge");
                assertThat(injected.removed()).isNotEmpty();
                assertThat(clean.flags()).isEmpty();
                if (injected.rawScore() < clean.rawScore()) lower++; else equal++;
            }
            LOG.info("{}: {} injected answers scored equal to their clean twins, {} lower, none higher", model, equal,
                    lower);
        }
    }

    @Test
    void theSameJudgeAskedNaivelyDoesRaiseTheScore() {
        ChatModel model = OpenAiJudgeModel.build(judges.settings(SimulatedJudges.GULLIBLE));
        JudgeAddressDetector detector = new JudgeAddressDetector();
        int raised = 0;
        List<Pair> pairs = corpus(List.of(0.2, 0.45, 0.7));
        for (Pair pair : pairs) {
            double clean = naiveGrade(model, pair.clean());
            double injected = naiveGrade(model, pair.injected());
            if (injected > clean) {
                raised++;
            }
            // The defence would have caught every one of them.
            assertThat(detector.screen(pair.injected()).addressesJudge()).isTrue();
        }
        LOG.info("naive undelimited prompt: {} of {} injected answers scored higher than their clean twins", raised,
                pairs.size());
        assertThat(raised).isEqualTo(pairs.size());
    }

    /** A prompt as it is often written: the answer pasted in, nothing delimited, nothing screened. */
    private static double naiveGrade(ChatModel model, String answer) {
        String system = "You are a grader. Grade the answer on each axis with an integer from 1 to 5.\n"
                + "- clarity: how easy it is to follow\n"
                + "- accuracy: whether it is right about the order and the policy\n"
                + "- policy_citation: whether it cites the policy that applies\n"
                + "Reply with JSON.";
        String user = "Conversation:\n[user] " + Answers.CONVERSATION.get(1).content() + "\n\nAnswer:\n" + answer;
        ChatRequest request = ChatRequest.builder()
                .messages(SystemMessage.from(system), UserMessage.from(user))
                .responseFormat(ResponseFormat.builder().type(ResponseFormatType.JSON)
                        .jsonSchema(ReplySchemas.rubric(RUBRIC)).build())
                .build();
        Parsed<AxisGrades> parsed = RubricReplyParser.parse(model.chat(request).aiMessage().text(), RUBRIC);
        assertThat(parsed.ok()).as("%s", parsed.failure()).isTrue();
        return parsed.value().mean();
    }
}

package io.sluice.judge.pairwise;

import dev.langchain4j.model.chat.request.json.JsonSchema;
import io.sluice.core.event.TraceMessage;
import io.sluice.core.judge.Rubric;
import io.sluice.judge.ContentFlag;
import io.sluice.judge.FailureKind;
import io.sluice.judge.JudgeFailure;
import io.sluice.judge.JudgeTokens;
import io.sluice.judge.fingerprint.JudgeFingerprint;
import io.sluice.judge.injection.JudgeAddressDetector;
import io.sluice.judge.injection.ScreenedAnswer;
import io.sluice.judge.model.JudgeEndpoint;
import io.sluice.judge.model.JudgeModelSettings;
import io.sluice.judge.model.JudgeReply;
import io.sluice.judge.parse.PairwiseReplyParser;
import io.sluice.judge.parse.Parsed;
import io.sluice.judge.parse.Winner;
import io.sluice.judge.prompt.Boundary;
import io.sluice.judge.prompt.PairwisePrompt;
import io.sluice.judge.prompt.ReplySchemas;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

/**
 * Compares two answers to one conversation, asking the judge twice: once with the first answer
 * shown as A, once with it shown as B. Judges favour a position whatever it holds (Zheng et al.,
 * "Judging LLM-as-a-Judge", 2023); a preference that does not survive the swap is a preference
 * for a position, so it counts as a tie. Both answers are screened and enclosed as in
 * {@link io.sluice.judge.rubric.RubricJudge}, each call with its own boundary token.
 *
 * <p>Blocking (two calls in sequence); immutable and safe to share between threads.
 */
public final class PairwiseJudge {
    private final JudgeEndpoint endpoint;
    private final Rubric rubric;
    private final JudgeFingerprint fingerprint;
    private final JsonSchema schema = ReplySchemas.pairwise();
    private final JudgeAddressDetector detector = new JudgeAddressDetector();
    private final SecureRandom random = new SecureRandom();

    public PairwiseJudge(JudgeEndpoint endpoint, Rubric rubric) {
        this.endpoint = endpoint;
        this.rubric = rubric;
        this.fingerprint = JudgeFingerprint.of(endpoint.settings(), rubric, PairwisePrompt.TEMPLATE_VERSION);
    }

    public static PairwiseJudge create(JudgeModelSettings settings, Rubric rubric) {
        return new PairwiseJudge(JudgeEndpoint.of(settings), rubric);
    }

    public JudgeFingerprint fingerprint() {
        return fingerprint;
    }

    /**
     * @throws io.sluice.judge.model.JudgeCallException when the endpoint cannot be asked
     */
    public PairwiseVerdict compare(List<TraceMessage> conversation, String first, String second) {
        if (first == null || first.isBlank() || second == null || second.isBlank()) {
            return failed(JudgeFailure.of(FailureKind.NOTHING_TO_GRADE, "an answer is empty"), null, null,
                    List.of(), List.of(), JudgeTokens.NONE, Duration.ZERO);
        }
        ScreenedAnswer a = detector.screen(first);
        ScreenedAnswer b = detector.screen(second);
        List<ContentFlag> firstFlags = a.addressesJudge() ? List.of(ContentFlag.ADDRESSES_JUDGE) : List.of();
        List<ContentFlag> secondFlags = b.addressesJudge() ? List.of(ContentFlag.ADDRESSES_JUDGE) : List.of();
        if (a.text().isBlank() || b.text().isBlank()) {
            return failed(JudgeFailure.of(FailureKind.NOTHING_TO_GRADE,
                    "nothing is left of an answer once the passages addressing the judge are removed"), null, null,
                    firstFlags, secondFlags, JudgeTokens.NONE, Duration.ZERO);
        }

        JudgeReply inOrder = ask(conversation, a.text(), b.text());
        Parsed<PairwiseReplyParser.Verdict> p1 = PairwiseReplyParser.parse(inOrder.text());
        if (!p1.ok()) {
            return failed(p1.failure(), null, null, firstFlags, secondFlags, inOrder.tokens(), inOrder.latency());
        }
        Preference firstShownFirst = byAnswer(p1.value().winner(), false);
        JudgeReply swapped = ask(conversation, b.text(), a.text());
        JudgeTokens tokens = inOrder.tokens().plus(swapped.tokens());
        Duration latency = inOrder.latency().plus(swapped.latency());
        Parsed<PairwiseReplyParser.Verdict> p2 = PairwiseReplyParser.parse(swapped.text());
        if (!p2.ok()) {
            return failed(p2.failure(), firstShownFirst, null, firstFlags, secondFlags, tokens, latency);
        }
        Preference secondShownFirst = byAnswer(p2.value().winner(), true);
        Preference preference = firstShownFirst == secondShownFirst ? firstShownFirst : Preference.TIE;
        return new PairwiseVerdict(fingerprint, preference, firstShownFirst, secondShownFirst, null, firstFlags,
                secondFlags, tokens, latency);
    }

    private JudgeReply ask(List<TraceMessage> conversation, String shownA, String shownB) {
        Boundary boundary = Boundary.random(random, contents(conversation, shownA, shownB));
        return endpoint.ask(PairwisePrompt.messages(rubric, conversation, shownA, shownB, boundary), schema);
    }

    // Maps a position to the answer that stood there.
    private static Preference byAnswer(Winner winner, boolean swapped) {
        return switch (winner) {
            case TIE -> Preference.TIE;
            case A -> swapped ? Preference.SECOND : Preference.FIRST;
            case B -> swapped ? Preference.FIRST : Preference.SECOND;
        };
    }

    private PairwiseVerdict failed(JudgeFailure failure, Preference firstShownFirst, Preference secondShownFirst,
                                   List<ContentFlag> firstFlags, List<ContentFlag> secondFlags, JudgeTokens tokens,
                                   Duration latency) {
        return new PairwiseVerdict(fingerprint, null, firstShownFirst, secondShownFirst, failure, firstFlags,
                secondFlags, tokens, latency);
    }

    private static String[] contents(List<TraceMessage> conversation, String... answers) {
        String[] all = new String[conversation.size() + answers.length];
        for (int i = 0; i < conversation.size(); i++) {
            all[i] = conversation.get(i).content();
        }
        System.arraycopy(answers, 0, all, conversation.size(), answers.length);
        return all;
    }
}

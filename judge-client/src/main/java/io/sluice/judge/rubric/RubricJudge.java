package io.sluice.judge.rubric;

import dev.langchain4j.model.chat.request.json.JsonSchema;
import io.sluice.core.event.Trace;
import io.sluice.core.event.TraceMessage;
import io.sluice.core.judge.Rubric;
import io.sluice.judge.ContentFlag;
import io.sluice.judge.FailureKind;
import io.sluice.judge.JudgeFailure;
import io.sluice.judge.JudgeTokens;
import io.sluice.judge.fingerprint.JudgeFingerprint;
import io.sluice.judge.injection.JudgeAddressDetector;
import io.sluice.judge.injection.ScreenedAnswer;
import io.sluice.judge.model.JudgeCallException;
import io.sluice.judge.model.JudgeEndpoint;
import io.sluice.judge.model.JudgeModelSettings;
import io.sluice.judge.model.JudgeReply;
import io.sluice.judge.parse.AxisGrades;
import io.sluice.judge.parse.Parsed;
import io.sluice.judge.parse.RubricReplyParser;
import io.sluice.judge.prompt.Boundary;
import io.sluice.judge.prompt.ReplySchemas;
import io.sluice.judge.prompt.RubricPrompt;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Grades one answer to a conversation on every axis of a rubric (pointwise scoring).
 *
 * <p>The answer is untrusted. Before the judge sees it, the sentences that address the judge
 * are removed ({@link JudgeAddressDetector}) and the verdict is flagged {@code addresses_judge};
 * what remains, and the conversation, are enclosed in boundaries with a fresh random token that
 * the instructions declare to hold data, never instructions ({@link Boundary}). An answer that
 * tries to instruct the judge is thus graded on what it says to the customer and can never
 * raise its own score by trying.
 *
 * <p>{@link #grade} blocks for one call to the endpoint; run it on an executor. An instance is
 * immutable and safe to share between threads.
 */
public final class RubricJudge {
    private final JudgeEndpoint endpoint;
    private final Rubric rubric;
    private final JudgeFingerprint fingerprint;
    private final JsonSchema schema;
    private final JudgeAddressDetector detector = new JudgeAddressDetector();
    private final SecureRandom random;

    public RubricJudge(JudgeEndpoint endpoint, Rubric rubric) {
        this(endpoint, rubric, new SecureRandom());
    }

    RubricJudge(JudgeEndpoint endpoint, Rubric rubric, SecureRandom random) {
        this.endpoint = endpoint;
        this.rubric = rubric;
        this.random = random;
        this.fingerprint = JudgeFingerprint.of(endpoint.settings(), rubric, RubricPrompt.TEMPLATE_VERSION);
        this.schema = ReplySchemas.rubric(rubric);
    }

    /** A judge over langchain4j's OpenAI chat model; the key is read from the environment or its file. */
    public static RubricJudge create(JudgeModelSettings settings, Rubric rubric) {
        return new RubricJudge(JudgeEndpoint.of(settings), rubric);
    }

    public JudgeFingerprint fingerprint() {
        return fingerprint;
    }

    public Rubric rubric() {
        return rubric;
    }

    /** Grades a traced answer: its request's messages are the conversation, its response the answer. */
    public RubricVerdict grade(Trace trace) {
        return grade(trace.messages(), trace.response());
    }

    /**
     * Grades {@code answer} as the reply to {@code conversation}.
     *
     * @return the grades, or a recorded failure (an empty answer, an unreadable, incomplete or
     *     out-of-range reply, a refusal)
     * @throws JudgeCallException when the endpoint cannot be asked (timeout, outage, refused key);
     *     {@link JudgeCallException#retryable()} says whether to try again
     */
    public RubricVerdict grade(List<TraceMessage> conversation, String answer) {
        if (answer == null || answer.isBlank()) {
            return failed(JudgeFailure.of(FailureKind.NOTHING_TO_GRADE, "the answer is empty"), List.of(), List.of(),
                    JudgeTokens.NONE, Duration.ZERO);
        }
        ScreenedAnswer screened = detector.screen(answer);
        List<ContentFlag> flags = screened.addressesJudge() ? List.of(ContentFlag.ADDRESSES_JUDGE) : List.of();
        if (screened.text().isBlank()) {
            return failed(JudgeFailure.of(FailureKind.NOTHING_TO_GRADE,
                    "nothing is left once the passages addressing the judge are removed"), flags, screened.removed(),
                    JudgeTokens.NONE, Duration.ZERO);
        }
        Boundary boundary = Boundary.random(random, contents(conversation, screened.text()));
        JudgeReply reply = endpoint.ask(RubricPrompt.messages(rubric, conversation, screened.text(), boundary), schema);
        Parsed<AxisGrades> parsed = RubricReplyParser.parse(reply.text(), rubric);
        if (!parsed.ok()) {
            JudgeFailure failure = parsed.failure();
            if (reply.truncated() && failure.kind() == FailureKind.UNPARSEABLE) {
                failure = JudgeFailure.of(FailureKind.UNPARSEABLE, "the reply was cut short at the output-token cap ("
                        + endpoint.settings().maxOutputTokens() + ")");
            }
            return failed(failure, flags, screened.removed(), reply.tokens(), reply.latency());
        }
        AxisGrades grades = parsed.value();
        return new RubricVerdict(fingerprint, grades.axes(), grades.mean(), null, flags, screened.removed(),
                grades.rationale(), reply.tokens(), reply.latency());
    }

    private RubricVerdict failed(JudgeFailure failure, List<ContentFlag> flags, List<String> removed,
                                 JudgeTokens tokens, Duration latency) {
        return new RubricVerdict(fingerprint, Map.of(), null, failure, flags, removed, null, tokens, latency);
    }

    static String[] contents(List<TraceMessage> conversation, String... answers) {
        String[] all = new String[conversation.size() + answers.length];
        for (int i = 0; i < conversation.size(); i++) {
            all[i] = conversation.get(i).content();
        }
        System.arraycopy(answers, 0, all, conversation.size(), answers.length);
        return all;
    }
}

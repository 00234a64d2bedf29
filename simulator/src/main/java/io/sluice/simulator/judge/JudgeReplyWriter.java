package io.sluice.simulator.judge;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.json.SluiceJson;

/**
 * Writes a decision as the judge's reply: bare JSON when the request asked for a JSON response
 * format, otherwise in the profile's reply style ({@code json}, a {@code fenced} block between
 * sentences, or JSON followed by {@code prose}), the shapes a client's parser must cope with.
 * A refusal is plain text, whatever was asked.
 */
public final class JudgeReplyWriter {
    private JudgeReplyWriter() {}

    public static String write(JudgeDecision decision, ReplyFormat format, String replyStyle) {
        if (decision.refused()) {
            return decision.rationale();
        }
        ObjectNode json = SluiceJson.mapper().createObjectNode();
        if (decision.mode() == GradingMode.PAIRWISE) {
            json.put("winner", decision.winner());
        } else {
            ObjectNode scores = json.putObject("scores");
            decision.scores().forEach(scores::put);
        }
        json.put("rationale", decision.rationale());
        String bare = json.toString();
        if (format != ReplyFormat.NONE) {
            return bare;
        }
        return switch (replyStyle) {
            case "fenced" -> "Here is my assessment.\n\n```json\n" + bare + "\n```\n\nEach axis was graded on its own.";
            case "prose" -> bare + "\n\nI graded each axis against the rubric's level descriptions.";
            default -> bare;
        };
    }
}

package io.sluice.judge.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.judge.FailureKind;
import java.util.List;
import java.util.Locale;

/**
 * Reads the winner out of a pairwise reply: {@code "A"}, {@code "B"} or a tie, written in any
 * case, as "Answer A", or as "draw" / "equal" / "neither" for a tie. A reply that names no
 * winner is a recorded failure, never a tie: a tie is a verdict, a broken reply is not.
 */
public final class PairwiseReplyParser {
    private static final List<String> WINNER_KEYS = List.of("winner", "verdict", "better", "preferred");

    private PairwiseReplyParser() {}

    public record Verdict(Winner winner, String rationale) {}

    public static Parsed<Verdict> parse(String reply) {
        if (reply == null || reply.isBlank()) {
            return Parsed.failed(FailureKind.EMPTY_REPLY, "the judge replied with nothing");
        }
        List<ObjectNode> objects = JsonObjects.in(reply);
        for (ObjectNode object : objects) {
            for (String key : WINNER_KEYS) {
                JsonNode value = object.get(key);
                if (value != null && value.isTextual()) {
                    Winner winner = winner(value.asText());
                    if (winner == null) {
                        return Parsed.failed(FailureKind.MISSING_WINNER, "not A, B or a tie: " + value);
                    }
                    String rationale = object.path("rationale").isTextual() ? object.get("rationale").asText() : null;
                    return Parsed.of(new Verdict(winner, rationale));
                }
            }
        }
        if (RefusalLanguage.refuses(reply)) {
            return Parsed.failed(FailureKind.REFUSAL, RubricReplyParser.excerpt(reply));
        }
        if (objects.isEmpty()) {
            return Parsed.failed(FailureKind.UNPARSEABLE, "no JSON object in the reply: "
                    + RubricReplyParser.excerpt(reply));
        }
        return Parsed.failed(FailureKind.MISSING_WINNER, "no winner in the reply");
    }

    private static Winner winner(String text) {
        String w = text.strip().toLowerCase(Locale.ROOT).replaceAll("^(?:answer|response|option)\\s+", "");
        return switch (w) {
            case "a" -> Winner.A;
            case "b" -> Winner.B;
            case "tie", "draw", "equal", "neither", "both", "none" -> Winner.TIE;
            default -> null;
        };
    }
}

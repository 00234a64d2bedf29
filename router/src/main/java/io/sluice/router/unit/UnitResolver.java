package io.sluice.router.unit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.event.UnitType;
import io.sluice.core.experiment.ExperimentSpec;
import io.sluice.router.api.ApiError;
import io.sluice.router.api.ApiException;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the randomization unit of a request by the experiment's chain: its own unit, then each
 * fallback, the first one the request carries winning. Sluice's headers come first, then the
 * fields of the OpenAI request that name the same thing, so an app using an SDK unchanged is
 * randomized by what it already sends:
 *
 * <ul>
 *   <li>user: {@code Sluice-User}, {@code user}, {@code safety_identifier}, {@code metadata.user_id};
 *   <li>conversation: {@code Sluice-Conversation}, {@code metadata.conversation_id}, and the
 *       Responses API's {@code conversation} (an id, or an object with one);
 *   <li>request: the request itself, always present.
 * </ul>
 */
public final class UnitResolver {
    public static final String USER_HEADER = "Sluice-User";
    public static final String CONVERSATION_HEADER = "Sluice-Conversation";
    static final int MAX_LENGTH = 256;

    private UnitResolver() {}

    public static RandomizationUnit resolve(ExperimentSpec spec, MultiMap headers, ObjectNode body,
            String requestId) {
        for (UnitType type : spec.unitChain()) {
            RandomizationUnit found = find(type, headers, body, requestId);
            if (found != null) {
                return found;
            }
        }
        throw new ApiException(ApiError.invalidRequest("Experiment '" + spec.name() + "' randomizes by "
                + String.join(", then ", spec.unitChain().stream().map(UnitType::wireName).toList())
                + ": send " + oneOf(sources(spec.unitChain())) + (spec.unitFallback().isEmpty()
                        ? " (its unit_fallback is empty: it randomizes by nothing else)" : "") + ".",
                spec.unit() == UnitType.USER ? "user" : null, "missing_randomization_unit"));
    }

    /** Where each unit type is looked for, in order, as users would name them. */
    static List<String> sources(UnitType type) {
        return switch (type) {
            case USER -> List.of("the " + USER_HEADER + " header", "the 'user' field", "'safety_identifier'",
                    "'metadata.user_id'");
            case CONVERSATION -> List.of("the " + CONVERSATION_HEADER + " header", "'metadata.conversation_id'",
                    "'conversation'");
            case REQUEST -> List.of();
        };
    }

    private static RandomizationUnit find(UnitType type, MultiMap headers, ObjectNode body, String requestId) {
        return switch (type) {
            case REQUEST -> new RandomizationUnit(UnitType.REQUEST, requestId, "request");
            case USER -> first(type, header(headers, USER_HEADER), field(body, "user"),
                    field(body, "safety_identifier"), metadata(body, "user_id"));
            case CONVERSATION -> first(type, header(headers, CONVERSATION_HEADER),
                    metadata(body, "conversation_id"), conversation(body));
        };
    }

    private record Candidate(String value, String source) {}

    private static RandomizationUnit first(UnitType type, Candidate... candidates) {
        for (Candidate candidate : candidates) {
            if (candidate != null) {
                if (candidate.value().length() > MAX_LENGTH) {
                    throw new ApiException(ApiError.invalidField(candidate.source(),
                            "must be at most " + MAX_LENGTH + " characters"));
                }
                return new RandomizationUnit(type, candidate.value(), candidate.source());
            }
        }
        return null;
    }

    private static Candidate header(MultiMap headers, String name) {
        String value = headers.get(name);
        return value == null || value.isBlank() ? null : new Candidate(value, name);
    }

    private static Candidate field(ObjectNode body, String name) {
        return text(body.get(name), name);
    }

    private static Candidate metadata(ObjectNode body, String key) {
        JsonNode metadata = body.get("metadata");
        if (metadata == null || metadata.isNull()) {
            return null;
        }
        if (!metadata.isObject()) {
            throw new ApiException(ApiError.invalidField("metadata", "expected an object of string values"));
        }
        return text(metadata.get(key), "metadata." + key);
    }

    /** The Responses API names a conversation by its id, or by an object holding it. */
    private static Candidate conversation(ObjectNode body) {
        JsonNode conversation = body.get("conversation");
        if (conversation != null && conversation.isObject()) {
            return text(conversation.get("id"), "conversation.id");
        }
        return text(conversation, "conversation");
    }

    private static Candidate text(JsonNode value, String source) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new ApiException(ApiError.invalidField(source, "expected a string"));
        }
        return value.asText().isBlank() ? null : new Candidate(value.asText(), source);
    }

    private static String oneOf(List<String> choices) {
        return choices.size() == 1 ? choices.get(0)
                : String.join(", ", choices.subList(0, choices.size() - 1)) + " or " + choices.get(choices.size() - 1);
    }

    private static List<String> sources(List<UnitType> chain) {
        List<String> out = new ArrayList<>();
        chain.forEach(t -> out.addAll(sources(t)));
        return out;
    }
}

package io.sluice.router.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.event.EventBounds;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Set;

/** Field checks shared by Sluice's own endpoints (feedback, labels), each error naming its field. */
final class FieldCheck {
    /** Clocks disagree a little; a report from further ahead is a bug in the app. */
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    static final int MAX_ID_LENGTH = 256;

    private FieldCheck() {}

    static void onlyKnown(ObjectNode body, String... fields) {
        Set<String> known = Set.of(fields);
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                throw new ApiException(ApiError.invalidRequest("Unrecognized request argument supplied: " + name
                        + ".", name, "unknown_parameter"));
            }
        }
    }

    /**
     * The id of an answer this router family issued. Any other id could never meet its decision,
     * so it is refused here rather than accepted and dropped an hour later by the reward join.
     */
    static String requestId(ObjectNode body) {
        String id = requiredString(body, "request_id", MAX_ID_LENGTH);
        if (!RequestIds.isWellFormed(id)) {
            throw new ApiException(ApiError.invalidRequest("request_id: '" + id + "' is not an id Sluice issued. "
                    + "Send the id of the answer: the 'id' of the chat completion or response (also in its "
                    + "sluice-request-id header), req_ followed by 32 hex digits.", "request_id", "unknown_request_id"));
        }
        return id;
    }

    static String requiredString(ObjectNode body, String field, int maxLength) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw new ApiException(ApiError.missingField(field));
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new ApiException(ApiError.invalidField(field, "expected a non-empty string"));
        }
        if (value.asText().length() > maxLength) {
            throw new ApiException(ApiError.invalidField(field, "must be at most " + maxLength + " characters"));
        }
        return value.asText();
    }

    /** An optional ISO-8601 time with offset; absent means now. */
    static Instant timestamp(ObjectNode body, Instant now) {
        JsonNode value = body.get("timestamp");
        if (value == null || value.isNull()) {
            return now;
        }
        if (!value.isTextual()) {
            throw new ApiException(ApiError.invalidField("timestamp",
                    "expected an ISO-8601 time such as 2026-11-23T10:15:30Z"));
        }
        Instant time;
        try {
            time = OffsetDateTime.parse(value.asText()).toInstant();
        } catch (DateTimeParseException e) {
            throw new ApiException(ApiError.invalidField("timestamp",
                    "expected an ISO-8601 time such as 2026-11-23T10:15:30Z, was '" + value.asText() + "'"));
        }
        if (time.isAfter(now.plus(MAX_CLOCK_SKEW))) {
            throw new ApiException(ApiError.invalidField("timestamp", "is in the future"));
        }
        if (time.isBefore(now.minus(EventBounds.MAX_REPORT_AGE))) {
            throw new ApiException(ApiError.invalidField("timestamp", "is more than 30 days in the past: "
                    + "no attribution window reaches back that far"));
        }
        return time;
    }
}

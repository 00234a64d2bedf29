package io.sluice.router.chat;

import io.sluice.core.event.UnitType;
import io.sluice.router.api.ApiError;
import io.sluice.router.api.ApiException;
import io.vertx.core.MultiMap;

/**
 * Finds the randomization unit an experiment needs. A user comes from the {@code Sluice-User}
 * header, else the OpenAI {@code user} field. A conversation comes only from the
 * {@code Sluice-Conversation} header: falling back to the user would silently change what the
 * experiment randomizes. A request is its own unit.
 */
public final class UnitResolver {
    public static final String USER_HEADER = "Sluice-User";
    public static final String CONVERSATION_HEADER = "Sluice-Conversation";
    static final int MAX_LENGTH = 256;

    private UnitResolver() {}

    public static String resolve(String experiment, UnitType type, MultiMap headers, ChatRequest request,
            String requestId) {
        return switch (type) {
            case REQUEST -> requestId;
            case USER -> {
                String header = headers.get(USER_HEADER);
                String unit = header != null ? header : request.user();
                if (unit == null || unit.isBlank()) {
                    throw new ApiException(ApiError.invalidRequest("Experiment '" + experiment
                            + "' randomizes by user: send the " + USER_HEADER + " header or the 'user' field.",
                            "user", "missing_randomization_unit"));
                }
                yield checked(unit, header != null ? USER_HEADER : "user");
            }
            case CONVERSATION -> {
                String unit = headers.get(CONVERSATION_HEADER);
                if (unit == null || unit.isBlank()) {
                    throw new ApiException(ApiError.invalidRequest("Experiment '" + experiment
                            + "' randomizes by conversation: send the " + CONVERSATION_HEADER + " header.",
                            null, "missing_randomization_unit"));
                }
                yield checked(unit, CONVERSATION_HEADER);
            }
        };
    }

    private static String checked(String unit, String source) {
        if (unit.length() > MAX_LENGTH) {
            throw new ApiException(ApiError.invalidField(source, "must be at most " + MAX_LENGTH + " characters"));
        }
        return unit;
    }
}

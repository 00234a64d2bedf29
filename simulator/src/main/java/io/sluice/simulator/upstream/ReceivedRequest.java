package io.sluice.simulator.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A request as the simulated upstream received it, kept so that tests can check what a caller
 * (the router) really sent: which endpoint, the model and system prompt of the arm, the parameter
 * overrides, whose API key.
 *
 * <p>A Responses API request is recorded as the conversation it was simulated as: its
 * {@code instructions} are the first system prompt and the first (system) message, followed by
 * the message items of {@code input}; {@code parameters} still holds {@code instructions} as
 * sent, so a test can tell it from a system message item.
 *
 * @param receivedAt    when it arrived, by the upstream's clock
 * @param endpoint      which endpoint it was sent to
 * @param model         the requested model
 * @param systemPrompts the system and developer messages, in order ({@code instructions} first)
 * @param messages      every message, in order
 * @param parameters    the body without {@code model} and {@code messages} (chat) or {@code model}
 *                      and {@code input} (responses): temperature, max_tokens, stream,
 *                      response_format, user, instructions, ...
 * @param authorization the {@code Authorization} header as sent, or null when absent
 * @param headers       every request header, names in lower case, first value of each
 * @param streaming     whether the caller asked for a stream
 * @param variant       the name of the variant that answered
 * @param status        the HTTP status the upstream answered with (200, 401 or 500)
 */
public record ReceivedRequest(
        Instant receivedAt,
        Endpoint endpoint,
        String model,
        List<String> systemPrompts,
        List<ChatMessage> messages,
        JsonNode parameters,
        String authorization,
        Map<String, String> headers,
        boolean streaming,
        String variant,
        int status) {

    public ReceivedRequest {
        systemPrompts = List.copyOf(systemPrompts);
        messages = List.copyOf(messages);
        headers = Map.copyOf(headers);
        parameters = parameters.deepCopy();
    }

    /** A copy: the log is shared between threads, so nobody may change what it holds. */
    @Override
    public JsonNode parameters() {
        return parameters.deepCopy();
    }

    /** The key after {@code Bearer }, if the request carried one. */
    public Optional<String> bearerToken() {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(authorization.substring(7).trim());
    }

    /** A request header by name, case-insensitively. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The last user message: in a chat, the question being answered. */
    public String lastUserMessage() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).isUser()) {
                return messages.get(i).content();
            }
        }
        return "";
    }
}

package io.sluice.simulator.users;

import java.util.OptionalDouble;

/**
 * An answer as the app sees it: the text, what the router said about it in its response
 * headers, and the true quality read from the text's quality mark.
 *
 * @param requestId  {@code sluice-request-id}, or null when the router sent none
 * @param experiment {@code sluice-experiment}, or null
 * @param arm        {@code sluice-arm}, or null
 * @param content    the full answer text
 * @param quality    the marked quality, empty when the answer carries no mark
 * @param streamed   whether it came as a stream
 */
public record RouterAnswer(
        String requestId, String experiment, String arm, String content, OptionalDouble quality, boolean streamed) {}

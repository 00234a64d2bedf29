package io.sluice.simulator.upstream;

import io.sluice.simulator.answer.SimulatedAnswer;
import java.time.Duration;

/**
 * Everything the upstream decided about one request before answering it: whether it fails, the
 * answer and its quality, and how long each part takes.
 *
 * @param id               the completion id, {@code chatcmpl-...}
 * @param created          epoch seconds, by the upstream's clock
 * @param model            the model named in the request, echoed back as OpenAI does
 * @param variant          the name of the variant that answered
 * @param seed             the request seed every draw came from
 * @param failed           whether the request fails with a 500 instead
 * @param answer           the answer (also written when failed, so that failing does not shift
 *                         other draws)
 * @param promptTokens     simulated prompt tokens (one per word, plus a few per message)
 * @param latency          delay before a non-streaming answer or an error
 * @param timeToFirstToken delay before the first streamed chunk
 * @param chunkDelay       delay between streamed chunks
 */
public record SimulatedCompletion(
        String id,
        long created,
        String model,
        String variant,
        long seed,
        boolean failed,
        SimulatedAnswer answer,
        int promptTokens,
        Duration latency,
        Duration timeToFirstToken,
        Duration chunkDelay) {

    private static final String ID_PREFIX = "chatcmpl-";

    public int totalTokens() {
        return promptTokens + answer.completionTokens();
    }

    /**
     * The id without its {@code chatcmpl-} prefix: as unique as the id, and what the ids of the
     * same answer on other endpoints are made of ({@code resp_...}, {@code msg_...}, {@code req_...}).
     */
    public String uniquePart() {
        return id.startsWith(ID_PREFIX) ? id.substring(ID_PREFIX.length()) : id;
    }

    /** From the request to the last streamed chunk, when no slow reader holds the stream back. */
    public Duration streamDuration() {
        return timeToFirstToken.plus(chunkDelay.multipliedBy(Math.max(0, answer.chunks().size() - 1)));
    }
}

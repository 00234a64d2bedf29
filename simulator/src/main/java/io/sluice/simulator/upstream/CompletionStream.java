package io.sluice.simulator.upstream;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.List;

/**
 * Sends one simulated completion as server-sent events, really spread over time: the headers (and
 * whatever a wire format opens its stream with) at once, the first chunk after the time to first
 * token, then one chunk per chunk delay, the way a model produces tokens. A client that reads
 * slowly holds the stream back (the next chunk waits for the write queue to drain) instead of
 * piling chunks up in memory; a client that goes away stops it.
 *
 * <p>What the events say is the wire format's business ({@link ChatCompletionJson#streamed},
 * {@link ResponsesJson#streamed}); this class only decides when each is written.
 */
final class CompletionStream {
    private final Vertx vertx;
    private final HttpServerResponse response;
    private final Sends sends;
    private final Duration firstDelay;
    private final Duration chunkDelay;
    private int next;
    private long timer = -1;
    private boolean abandoned;

    /**
     * What one stream writes, already framed as server-sent events.
     *
     * @param opening written with the headers, before the model "thinks"; may be empty
     * @param pieces  one write per piece of the answer, the first after the time to first token;
     *                the last one ends the response
     */
    record Sends(String opening, List<String> pieces) {
        Sends {
            pieces = List.copyOf(pieces);
            if (pieces.isEmpty()) {
                throw new IllegalArgumentException("a stream needs at least one piece");
            }
        }
    }

    private CompletionStream(Vertx vertx, HttpServerResponse response, Sends sends, Duration firstDelay,
                             Duration chunkDelay) {
        this.vertx = vertx;
        this.response = response;
        this.sends = sends;
        this.firstDelay = firstDelay;
        this.chunkDelay = chunkDelay;
    }

    /** A stream of {@code sends} timed by the completion's time to first token and chunk delay. */
    static CompletionStream of(Vertx vertx, HttpServerResponse response, Sends sends, SimulatedCompletion c) {
        return new CompletionStream(vertx, response, sends, c.timeToFirstToken(), c.chunkDelay());
    }

    void start(String requestId) {
        response.setStatusCode(200)
                .setChunked(true)
                .putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-cache")
                .putHeader("x-request-id", requestId);
        response.closeHandler(this::abandon);
        response.exceptionHandler(this::abandon);
        if (sends.opening().isEmpty()) {
            response.writeHead();
        } else {
            response.write(sends.opening());
        }
        after(firstDelay);
    }

    private void sendNext() {
        if (abandoned || response.closed()) {
            return;
        }
        List<String> pieces = sends.pieces();
        String send = pieces.get(next++);
        if (next == pieces.size()) {
            response.end(send);
            return;
        }
        response.write(send);
        if (response.writeQueueFull()) {
            response.drainHandler(drained -> {
                response.drainHandler(null);
                after(chunkDelay);
            });
        } else {
            after(chunkDelay);
        }
    }

    private void after(Duration delay) {
        long ms = delay.toMillis();
        if (ms < 1) {
            vertx.runOnContext(now -> sendNext());
        } else {
            timer = vertx.setTimer(ms, fired -> sendNext());
        }
    }

    private void abandon(Object cause) {
        abandoned = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}

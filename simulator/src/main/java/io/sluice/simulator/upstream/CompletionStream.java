package io.sluice.simulator.upstream;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends one simulated completion as server-sent events, really spread over time: the headers at
 * once, the first chunk after the time to first token, then one chunk per chunk delay, the way a
 * model produces tokens. A client that reads slowly holds the stream back (the next chunk waits
 * for the write queue to drain) instead of piling chunks up in memory; a client that goes away
 * stops it.
 */
final class CompletionStream {
    private final Vertx vertx;
    private final HttpServerResponse response;
    private final List<String> sends;
    private final Duration firstDelay;
    private final Duration chunkDelay;
    private int next;
    private long timer = -1;
    private boolean abandoned;

    private CompletionStream(Vertx vertx, HttpServerResponse response, List<String> sends, Duration firstDelay,
                             Duration chunkDelay) {
        this.vertx = vertx;
        this.response = response;
        this.sends = sends;
        this.firstDelay = firstDelay;
        this.chunkDelay = chunkDelay;
    }

    /**
     * The role chunk goes with the first piece of content; the finish chunk, the usage chunk and
     * {@code [DONE]} go right after the last piece, as OpenAI sends them.
     */
    static CompletionStream of(Vertx vertx, HttpServerResponse response, SimulatedCompletion c,
                               boolean includeUsage) {
        List<String> pieces = c.answer().chunks();
        List<String> sends = new ArrayList<>(pieces.size());
        for (int i = 0; i < pieces.size(); i++) {
            StringBuilder send = new StringBuilder();
            if (i == 0) {
                event(send, ChatCompletionJson.roleChunk(c, includeUsage));
            }
            event(send, ChatCompletionJson.contentChunk(c, pieces.get(i), includeUsage));
            if (i == pieces.size() - 1) {
                event(send, ChatCompletionJson.finishChunk(c, includeUsage));
                if (includeUsage) {
                    event(send, ChatCompletionJson.usageChunk(c));
                }
                event(send, "[DONE]");
            }
            sends.add(send.toString());
        }
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
        response.writeHead();
        after(firstDelay);
    }

    private void sendNext() {
        if (abandoned || response.closed()) {
            return;
        }
        String send = sends.get(next++);
        if (next == sends.size()) {
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

    private static void event(StringBuilder send, String data) {
        send.append("data: ").append(data).append("\n\n");
    }
}

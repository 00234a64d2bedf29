package io.sluice.router.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.event.CallOutcome;
import io.sluice.core.json.SluiceJson;
import io.sluice.router.api.ApiError;
import io.sluice.router.api.Responses;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.router.answer.ApiFormat;
import io.sluice.router.answer.CompletionSummary;
import io.sluice.router.answer.StreamedAnswer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * Carries one request from the app to the upstream and the answer back, in any of the
 * {@link ApiFormat}s. An experiment's answer is stamped with its Sluice request id on the way,
 * whole or event by event; a passthrough answer is relayed as it came.
 *
 * <p>Streams are relayed chunk by chunk as they arrive, with backpressure: when the app reads
 * slower than the upstream writes, the upstream is paused. Non-streaming answers are relayed
 * whole. The upstream's refusals (4xx) reach the app as they are; its failures become 502 and
 * its silence 504, in OpenAI's error shape. The returned future always succeeds, with how the
 * call ended, so the caller logs every decision exactly once.
 */
public final class CompletionRelay {
    private final Vertx vertx;
    private final UpstreamClient upstream;

    public CompletionRelay(Vertx vertx, UpstreamClient upstream) {
        this.vertx = vertx;
        this.upstream = upstream;
    }

    /**
     * Relays {@code body} to the format's upstream endpoint.
     *
     * @param requestId the id to stamp on the answer, or null to relay it unchanged
     */
    public Future<RelayResult> relay(HttpServerResponse app, Buffer body, boolean stream, ApiFormat format,
            String requestId) {
        return new Call(app, stream, format, requestId).start(body);
    }

    private final class Call {
        private final HttpServerResponse app;
        private final boolean stream;
        private final ApiFormat format;
        private final String requestId;
        private final Promise<RelayResult> done = Promise.promise();
        private HttpClientRequest request;
        private long deadline = -1;
        private long idle = -1;
        private boolean timedOut;
        private boolean appClosed;
        private long firstChunkNanos;

        Call(HttpServerResponse app, boolean stream, ApiFormat format, String requestId) {
            this.app = app;
            this.stream = stream;
            this.format = format;
            this.requestId = requestId;
        }

        Future<RelayResult> start(Buffer body) {
            long timeoutMs = upstream.settings().timeout().toMillis();
            deadline = vertx.setTimer(timeoutMs, id -> {
                timedOut = true;
                if (request != null) {
                    request.reset(0, new TimeoutException("no answer within " + timeoutMs + " ms"));
                } else {
                    fail(new TimeoutException("no connection within " + timeoutMs + " ms"));
                }
            });
            app.closeHandler(v -> {
                appClosed = true;
                if (request != null) {
                    request.reset();
                }
                finish(CallOutcome.CLIENT_CLOSED, 499, CompletionSummary.EMPTY);
            });
            upstream.open(format.upstreamPath(), stream).onComplete(opened -> {
                if (opened.failed()) {
                    fail(opened.cause());
                    return;
                }
                request = opened.result();
                if (done.future().isComplete()) {
                    request.reset();
                    return;
                }
                request.send(body).onComplete(sent -> {
                    if (sent.failed()) {
                        fail(sent.cause());
                    } else if (stream && sent.result().statusCode() == 200) {
                        relayStream(sent.result());
                    } else {
                        sent.result().body().onComplete(read -> {
                            if (read.failed()) {
                                fail(read.cause());
                            } else {
                                relayWhole(sent.result().statusCode(), read.result());
                            }
                        });
                    }
                });
            });
            return done.future();
        }

        private void relayWhole(int status, Buffer answer) {
            vertx.cancelTimer(deadline);
            if (status >= 200 && status < 300) {
                ObjectNode json = requestId == null ? null : jsonObject(answer);
                CompletionSummary summary = CompletionSummary.EMPTY;
                if (json != null) {
                    summary = format.stampAnswer(json, requestId);
                    answer = Buffer.buffer(json.toString());
                }
                app.setStatusCode(status).putHeader("content-type", "application/json").end(answer);
                finish(CallOutcome.OK, status, summary);
            } else if (status >= 400 && status < 500) {
                if (isOpenAiError(answer)) {
                    app.setStatusCode(status).putHeader("content-type", "application/json").end(answer);
                } else {
                    Responses.error(app, new ApiError(status, "The upstream refused the request with status " + status
                            + ".", "invalid_request_error", null, "upstream_rejected"));
                }
                finish(CallOutcome.UPSTREAM_REJECTED, status, CompletionSummary.EMPTY);
            } else {
                Responses.error(app, ApiError.upstreamError("The upstream failed with status " + status
                        + upstreamMessage(answer) + "."));
                finish(CallOutcome.UPSTREAM_ERROR, 502, CompletionSummary.EMPTY);
            }
        }

        /**
         * The idle timeout is the longest silence of the upstream between two chunks. It is
         * measured here rather than by the client's own idle timeout, which re-arms with what is
         * left of its window, and it is suspended while the app is the slow one (the upstream is
         * paused for backpressure): a slow reader must not be blamed on the model.
         */
        private void relayStream(HttpClientResponse answer) {
            vertx.cancelTimer(deadline);
            long idleMs = upstream.settings().idleTimeout().toMillis();
            StreamedAnswer stamped = new StreamedAnswer(format, requestId);
            app.setStatusCode(200)
                    .setChunked(true)
                    .putHeader("content-type", "text/event-stream")
                    .putHeader("cache-control", "no-cache");
            Runnable armIdle = () -> {
                vertx.cancelTimer(idle);
                idle = vertx.setTimer(idleMs, fired -> {
                    streamBroke(stamped, new TimeoutException("no chunk for " + idleMs + " ms"));
                    request.reset();
                });
            };
            armIdle.run();
            answer.handler(chunk -> {
                Buffer out = stamped.feed(chunk);
                if (out.length() > 0) {
                    if (firstChunkNanos == 0) {
                        firstChunkNanos = System.nanoTime();
                    }
                    app.write(out);
                }
                if (app.writeQueueFull()) {
                    vertx.cancelTimer(idle);
                    answer.pause();
                    app.drainHandler(v -> {
                        armIdle.run();
                        answer.resume();
                    });
                } else {
                    armIdle.run();
                }
            });
            answer.exceptionHandler(error -> streamBroke(stamped, error));
            answer.endHandler(v -> {
                vertx.cancelTimer(idle);
                if (!done.future().isComplete()) {
                    app.end(stamped.rest());
                    finish(CallOutcome.OK, 200, stamped.summary());
                }
            });
        }

        private void streamBroke(StreamedAnswer stamped, Throwable error) {
            vertx.cancelTimer(idle);
            if (appClosed || done.future().isComplete()) {
                return;
            }
            boolean timeout = isTimeout(error);
            ApiError apiError = timeout
                    ? ApiError.upstreamTimeout("The upstream went silent mid-stream.")
                    : ApiError.upstreamError("The upstream stream broke: " + error.getMessage());
            // The status line is gone already: the error travels as a last event, as OpenAI's
            // does, on a line of its own even when the upstream broke off mid-line.
            Buffer last = stamped.rest();
            if (last.length() > 0) {
                last.appendString("\n\n");
            }
            app.end(last.appendString("data: " + SluiceJson.toJson(apiError.toJson()) + "\n\n"));
            finish(timeout ? CallOutcome.UPSTREAM_TIMEOUT : CallOutcome.UPSTREAM_ERROR, 200, stamped.summary());
        }

        private void fail(Throwable error) {
            vertx.cancelTimer(deadline);
            if (appClosed || done.future().isComplete()) {
                return;
            }
            if (timedOut || isTimeout(error)) {
                Responses.error(app, ApiError.upstreamTimeout("The upstream did not answer in time ("
                        + upstream.settings().timeout().toSeconds() + " s)."));
                finish(CallOutcome.UPSTREAM_TIMEOUT, 504, CompletionSummary.EMPTY);
            } else {
                Responses.error(app, ApiError.upstreamError("The upstream could not be reached: " + describe(error)));
                finish(CallOutcome.UPSTREAM_ERROR, 502, CompletionSummary.EMPTY);
            }
        }

        private void finish(CallOutcome outcome, int status, CompletionSummary summary) {
            vertx.cancelTimer(deadline);
            vertx.cancelTimer(idle);
            done.tryComplete(new RelayResult(outcome, status, summary, firstChunkNanos));
        }
    }

    private static ObjectNode jsonObject(Buffer body) {
        try {
            return SluiceJson.mapper().readTree(body.getBytes()) instanceof ObjectNode object ? object : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean isTimeout(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof io.netty.channel.ConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return message == null ? error.getClass().getSimpleName() : message;
    }

    private static boolean isOpenAiError(Buffer body) {
        try {
            return SluiceJson.mapper().readTree(body.getBytes()).path("error").isObject();
        } catch (IOException e) {
            return false;
        }
    }

    private static String upstreamMessage(Buffer body) {
        try {
            JsonNode message = SluiceJson.mapper().readTree(body.getBytes()).path("error").path("message");
            return message.isTextual() ? ": " + message.asText() : "";
        } catch (IOException e) {
            return "";
        }
    }
}

package io.sluice.router.api;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;

/**
 * Requests the HTTP codec could not read (a request line or headers over the limits, a malformed
 * head), answered in OpenAI's error shape like every other refusal, then the connection closes:
 * after a broken head, nothing more on it can be trusted.
 */
public final class InvalidRequests {
    private InvalidRequests() {}

    public static void answer(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        ApiError error;
        if (cause instanceof TooLongHttpLineException) {
            error = new ApiError(414, "The request line is too long.", "invalid_request_error", null, "uri_too_long");
        } else if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
            error = new ApiError(431, "The request headers are too large.", "invalid_request_error", null,
                    "headers_too_large");
        } else {
            error = ApiError.invalidRequest("The request could not be read as HTTP"
                    + (cause == null || cause.getMessage() == null ? "." : ": " + cause.getMessage()), null,
                    "bad_request");
        }
        request.response().putHeader("connection", "close");
        Responses.error(request.response(), error);
    }
}

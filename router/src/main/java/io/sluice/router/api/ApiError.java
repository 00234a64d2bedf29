package io.sluice.router.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error as OpenAI's API returns it, so that apps and their SDKs handle Sluice's errors the
 * way they already handle OpenAI's: {@code {"error":{"message","type","param","code"}}}.
 */
public record ApiError(int status, String message, String type, String param, String code) {

    public static ApiError invalidRequest(String message, String param, String code) {
        return new ApiError(400, message, "invalid_request_error", param, code);
    }

    public static ApiError invalidField(String param, String message) {
        return invalidRequest(param + ": " + message, param, "invalid_value");
    }

    public static ApiError missingField(String param) {
        return invalidRequest("Missing required parameter: '" + param + "'.", param, "missing_required_parameter");
    }

    public static ApiError invalidJson(String detail) {
        return invalidRequest("We could not parse the JSON body of your request: " + detail, null, "invalid_json");
    }

    public static ApiError unauthorized(String message) {
        return new ApiError(401, message, "invalid_request_error", null, "invalid_api_key");
    }

    public static ApiError notFound(String message, String param, String code) {
        return new ApiError(404, message, "invalid_request_error", param, code);
    }

    public static ApiError methodNotAllowed(String method, String path) {
        return new ApiError(405, method + " is not allowed on " + path, "invalid_request_error", null,
                "method_not_allowed");
    }

    public static ApiError payloadTooLarge(long limit) {
        return new ApiError(413, "Request body is larger than " + limit + " bytes.", "invalid_request_error", null,
                "request_too_large");
    }

    public static ApiError unsupportedMediaType(String contentType) {
        return new ApiError(415, "Expected Content-Type application/json, got '" + contentType + "'.",
                "invalid_request_error", null, "unsupported_media_type");
    }

    public static ApiError upstreamError(String message) {
        return new ApiError(502, message, "upstream_error", null, "upstream_error");
    }

    public static ApiError upstreamTimeout(String message) {
        return new ApiError(504, message, "upstream_error", null, "upstream_timeout");
    }

    public static ApiError unavailable(String message) {
        return new ApiError(503, message, "server_error", null, "unavailable");
    }

    public static ApiError internal(String message) {
        return new ApiError(500, message, "server_error", null, "internal_error");
    }

    public ObjectNode toJson() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        return root;
    }
}

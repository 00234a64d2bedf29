package io.sluice.simulator.upstream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.json.SluiceJson;

/**
 * An error as OpenAI's API returns it, {@code {"error":{"message","type","param","code"}}},
 * with the HTTP status it goes out with. The official SDKs map the status to an exception type
 * and read the body into their error object, so both must look like the real thing.
 */
public record OpenAiError(int status, String message, String type, String param, String code)
        implements RequestReading {

    public static OpenAiError invalidRequest(String message, String param, String code) {
        return new OpenAiError(400, message, "invalid_request_error", param, code);
    }

    public static OpenAiError unparseableBody() {
        return invalidRequest("We could not parse the JSON body of your request. (HINT: This likely means you "
                + "aren't using your HTTP library correctly. The OpenAI API expects a JSON payload.)", null, null);
    }

    public static OpenAiError invalidApiKey(String presented) {
        String shown = presented == null || presented.isBlank()
                ? "You didn't provide an API key. You need to provide your API key in an Authorization header "
                        + "using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
                : "Incorrect API key provided: " + redact(presented) + ".";
        return new OpenAiError(401, shown, "invalid_request_error", null, "invalid_api_key");
    }

    public static OpenAiError serverError() {
        return new OpenAiError(500, "The server had an error while processing your request. Sorry about that!",
                "server_error", null, null);
    }

    public static OpenAiError notFound(String method, String path) {
        return new OpenAiError(404, "Invalid URL (" + method + " " + path + ")", "invalid_request_error", null, null);
    }

    public static OpenAiError methodNotAllowed(String method, String path) {
        return new OpenAiError(405, "Method " + method + " not allowed for " + path, "invalid_request_error",
                null, null);
    }

    public static OpenAiError tooLarge() {
        return invalidRequest("The request body is too large.", null, "request_too_large").withStatus(413);
    }

    public OpenAiError withStatus(int newStatus) {
        return new OpenAiError(newStatus, message, type, param, code);
    }

    /** The wire body. {@code param} and {@code code} are written as null, not left out, as OpenAI does. */
    public String toJson() {
        ObjectNode root = SluiceJson.mapper().createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        return root.toString();
    }

    // Like OpenAI, show only the ends of a wrong key, so that logs of a failing test do not leak it.
    private static String redact(String presented) {
        String key = presented.startsWith("Bearer ") ? presented.substring(7) : presented;
        if (key.length() <= 8) {
            return "****";
        }
        return key.substring(0, 4) + "*".repeat(Math.min(20, key.length() - 8)) + key.substring(key.length() - 4);
    }
}

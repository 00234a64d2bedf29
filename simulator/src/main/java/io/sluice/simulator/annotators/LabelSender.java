package io.sluice.simulator.annotators;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.json.SluiceJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Posts one label to the router's {@code /v1/labels}, the way an annotation app would. */
final class LabelSender {
    private final HttpClient http;
    private final URI labelsUri;
    private final String apiKey;
    private final Duration timeout;

    LabelSender(HttpClient http, String routerUrl, String apiKey, Duration timeout) {
        String origin = routerUrl.endsWith("/") ? routerUrl.substring(0, routerUrl.length() - 1) : routerUrl;
        this.http = http;
        this.labelsUri = URI.create(origin + "/v1/labels");
        this.apiKey = apiKey;
        this.timeout = timeout;
    }

    /** The HTTP status the router answered with; 202 means accepted. */
    int send(String requestId, String annotator, int label) throws IOException, InterruptedException {
        ObjectNode body = SluiceJson.mapper().createObjectNode()
                .put("request_id", requestId)
                .put("annotator", annotator)
                .put("label", label);
        HttpRequest.Builder request = HttpRequest.newBuilder(labelsUri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (apiKey != null && !apiKey.isBlank()) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}

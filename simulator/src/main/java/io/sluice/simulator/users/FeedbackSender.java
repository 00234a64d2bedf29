package io.sluice.simulator.users;

import io.sluice.core.json.SluiceJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Posts feedback to the router's {@code /v1/feedback}, as an app would, with the app's key. */
final class FeedbackSender {
    private final HttpClient http;
    private final URI feedbackUri;
    private final String apiKey;
    private final Duration timeout;

    FeedbackSender(HttpClient http, String routerUrl, String apiKey, Duration timeout) {
        this.http = http;
        this.feedbackUri = URI.create(RouterClient.origin(routerUrl) + "/v1/feedback");
        this.apiKey = apiKey;
        this.timeout = timeout;
    }

    /** The HTTP status the router answered with. */
    int send(FeedbackReport report) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(feedbackUri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + apiKey)
                .POST(HttpRequest.BodyPublishers.ofByteArray(SluiceJson.toBytes(report)))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}

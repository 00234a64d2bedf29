package io.sluice.router.upstream;

import io.sluice.core.config.UpstreamSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.HttpClientOptions;
import java.util.Optional;

/**
 * Opens requests to the upstream's model endpoints with the router's own key. The
 * app's headers are never copied: only the content type and this key go upstream.
 */
public final class UpstreamClient {
    private final HttpClient client;
    private final UpstreamSettings settings;
    private final String authorization;

    public UpstreamClient(Vertx vertx, UpstreamSettings settings, Optional<String> apiKey) {
        this.settings = settings;
        this.authorization = apiKey.map(key -> "Bearer " + key).orElse(null);
        HttpClientOptions options = new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setKeepAlive(true)
                .setConnectTimeout((int) settings.connectTimeout().toMillis());
        this.client = vertx.httpClientBuilder()
                .with(options)
                .with(new PoolOptions().setHttp1MaxSize(settings.maxConnections()))
                .build();
    }

    public UpstreamSettings settings() {
        return settings;
    }

    /** Opens a POST to {@code path} below the base URL, e.g. {@code /chat/completions}. */
    public Future<HttpClientRequest> open(String path, boolean stream) {
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(settings.baseUrl() + path)
                .putHeader("content-type", "application/json")
                .putHeader("accept", stream ? "text/event-stream" : "application/json");
        if (authorization != null) {
            request.putHeader("authorization", authorization);
        }
        return client.request(request);
    }

    public Future<Void> close() {
        return client.close();
    }
}

package io.sluice.core.config;

import java.time.Duration;

/**
 * The OpenAI-compatible service the router calls.
 *
 * @param baseUrl including the version path, as in OpenAI's SDKs: {@code https://api.openai.com/v1};
 *     absent when the configuration names none ({@code sluice serve} then simulates the upstream)
 * @param timeout until the full answer (non-streaming) or the response headers (streaming)
 * @param idleTimeout the longest silence allowed between two chunks of a stream
 */
public record UpstreamSettings(
        String baseUrl, SecretRef apiKey, Duration connectTimeout, Duration timeout, Duration idleTimeout,
        int maxConnections) {

    public UpstreamSettings withBaseUrl(String url) {
        return new UpstreamSettings(url, apiKey, connectTimeout, timeout, idleTimeout, maxConnections);
    }
}

package io.sluice.simulator.upstream;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;

/** The official SDK client for tests; OpenAIClient has close() but is not AutoCloseable. */
record Sdk(OpenAIClient client) implements AutoCloseable {

    static Sdk at(String baseUrl, String apiKey) {
        return new Sdk(OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey(apiKey).maxRetries(0).build());
    }

    @Override
    public void close() {
        client.close();
    }
}

package io.sluice.router.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.json.SluiceJson;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * Parses request bodies into JSON objects, refusing anything else with an OpenAI-shaped 400. The
 * parse is strict: a duplicate key or anything after the object is an error, because the router
 * and the upstream (or a job downstream) could otherwise read two different requests from the
 * same bytes.
 */
public final class JsonBodies {
    private static final ObjectReader STRICT = SluiceJson.mapper().reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonBodies() {}

    public static ObjectNode object(Buffer body) {
        if (body == null || body.length() == 0) {
            throw new ApiException(ApiError.invalidJson("the body is empty"));
        }
        JsonNode node;
        try {
            node = STRICT.readTree(body.getBytes());
        } catch (JsonProcessingException e) {
            throw new ApiException(ApiError.invalidJson(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ApiException(ApiError.invalidJson(e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            throw new ApiException(ApiError.invalidJson("expected a JSON object"));
        }
        return (ObjectNode) node;
    }
}

package io.sluice.flink.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.sluice.core.json.SluiceJson;
import java.nio.charset.StandardCharsets;

/**
 * The bytes a dead letter carries as its {@code original} for a record a job gives up from its
 * state, rather than one it read: the record in the wire format, or, should it ever fail to
 * serialize, its text, so that the dead letter is still written.
 */
public final class GivenUpRecord {
    private GivenUpRecord() {}

    public static byte[] bytes(Object record) {
        try {
            return SluiceJson.mapper().writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            return record.toString().getBytes(StandardCharsets.UTF_8);
        }
    }
}

package io.sluice.router.answer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.router.chat.ChatCompletionsFormat;
import io.sluice.router.responses.ResponsesFormat;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StreamedAnswerTest {
    private static final String REQUEST_ID = "req_0123456789abcdef0123456789abcdef";

    private static final String CHAT_STREAM = """
            data: {"id":"chatcmpl-up1","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}

            data: {"id":"chatcmpl-up1","choices":[{"index":0,"delta":{"content":"Your parcel "}}]}

            data: {"id":"chatcmpl-up1","choices":[{"index":0,"delta":{"content":"is on its way — ünïcødé."},"finish_reason":"stop"}]}

            data: {"id":"chatcmpl-up1","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":6,"total_tokens":18}}

            data: [DONE]

            """;

    private static final String RESPONSES_STREAM = """
            event: response.created
            data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_up1","object":"response","status":"in_progress"}}

            event: response.output_text.delta
            data: {"type":"response.output_text.delta","sequence_number":1,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"Your parcel "}

            event: response.output_text.delta
            data: {"type":"response.output_text.delta","sequence_number":2,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"is on its way."}

            event: response.completed
            data: {"type":"response.completed","sequence_number":3,"response":{"id":"resp_up1","object":"response","status":"completed","usage":{"input_tokens":12,"output_tokens":6,"total_tokens":18}}}

            """;

    /** Relays the stream in chunks of {@code size} bytes, returning what the app would receive. */
    private static String relay(StreamedAnswer answer, String stream, int size) {
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        Buffer out = Buffer.buffer();
        for (int i = 0; i < bytes.length; i += size) {
            out.appendBuffer(answer.feed(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, i,
                    Math.min(bytes.length, i + size)))));
        }
        out.appendBuffer(answer.rest());
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void chunksSplitAnywhereEvenInsideACharacterStillYieldTheWholeAnswer() {
        for (int size : new int[] {1, 7, 64, CHAT_STREAM.length() * 2}) {
            StreamedAnswer answer = new StreamedAnswer(ChatCompletionsFormat.INSTANCE, REQUEST_ID);
            String relayed = relay(answer, CHAT_STREAM, size);
            assertThat(answer.summary()).as("chunks of %d bytes", size)
                    .isEqualTo(new CompletionSummary("Your parcel is on its way — ünïcødé.", "stop", 12, 6));
            assertThat(relayed).as("chunks of %d bytes", size).contains("ünïcødé").endsWith("data: [DONE]\n\n");
        }
    }

    @Test
    void everyChatChunkCarriesTheSluiceRequestIdInsteadOfTheUpstreams() {
        String relayed = relay(new StreamedAnswer(ChatCompletionsFormat.INSTANCE, REQUEST_ID), CHAT_STREAM, 5);

        assertThat(relayed).doesNotContain("chatcmpl-up1");
        assertThat(relayed.split("\"id\":\"" + REQUEST_ID + "\"", -1)).hasSize(5);
    }

    @Test
    void responsesEventsKeepTheirTypesAndCarryTheSluiceRequestId() {
        StreamedAnswer answer = new StreamedAnswer(ResponsesFormat.INSTANCE, REQUEST_ID);
        String relayed = relay(answer, RESPONSES_STREAM, 3);

        assertThat(relayed).doesNotContain("resp_up1").contains("event: response.output_text.delta\n")
                .contains("\"item_id\":\"msg_1\"");
        assertThat(relayed.split("\"id\":\"" + REQUEST_ID + "\"", -1)).hasSize(3);
        assertThat(answer.summary()).isEqualTo(new CompletionSummary("Your parcel is on its way.", "stop", 12, 6));
    }
}

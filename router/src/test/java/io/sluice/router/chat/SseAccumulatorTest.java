package io.sluice.router.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class SseAccumulatorTest {
    private static final String STREAM = """
            data: {"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}

            data: {"choices":[{"index":0,"delta":{"content":"Your parcel "}}]}

            data: {"choices":[{"index":0,"delta":{"content":"is on its way."},"finish_reason":"stop"}]}

            data: {"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":6,"total_tokens":18}}

            data: [DONE]

            """;

    @Test
    void chunksSplitAnywhereStillYieldTheWholeAnswer() {
        for (int size : new int[] {1, 7, 64, STREAM.length()}) {
            SseAccumulator accumulator = new SseAccumulator();
            for (int i = 0; i < STREAM.length(); i += size) {
                accumulator.feed(Buffer.buffer(STREAM.substring(i, Math.min(STREAM.length(), i + size))));
            }
            assertThat(accumulator.summary()).as("chunks of %d bytes", size)
                    .isEqualTo(new CompletionSummary("Your parcel is on its way.", "stop", 12, 6));
        }
    }
}

package io.sluice.router.answer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.json.SluiceJson;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A server-sent-event stream on its way from the upstream to the app. Each {@code data:} event is
 * stamped with the Sluice request id and read for the summary; every other line passes unchanged.
 * Without a request id (a passthrough) every line passes unchanged, unread.
 * Chunk boundaries fall anywhere, even inside a UTF-8 character, so only whole lines are decoded
 * and relayed: a partial line waits for the rest ({@code '\n'} never occurs inside a multi-byte
 * character, so splitting bytes there is safe).
 */
public final class StreamedAnswer {
    private static final byte NEWLINE = '\n';

    private final ApiFormat format;
    private final String requestId;
    private Buffer pending = Buffer.buffer();
    private final StringBuilder content = new StringBuilder();
    private String finishReason;
    private Integer promptTokens;
    private Integer completionTokens;

    /** @param requestId the id to stamp, or null to relay the stream as it comes */
    public StreamedAnswer(ApiFormat format, String requestId) {
        this.format = format;
        this.requestId = requestId;
    }

    /** Takes a chunk from the upstream; returns the whole lines it completed, stamped, for the app. */
    public Buffer feed(Buffer chunk) {
        pending.appendBuffer(chunk);
        Buffer out = Buffer.buffer(pending.length() + 64);
        int start = 0;
        for (int i = 0; i < pending.length(); i++) {
            if (pending.getByte(i) == NEWLINE) {
                line(pending.getString(start, i, StandardCharsets.UTF_8.name()), out);
                start = i + 1;
            }
        }
        pending = start == 0 ? pending : pending.getBuffer(start, pending.length());
        return out;
    }

    /** What is left when the upstream ends without a final newline, as it came. */
    public Buffer rest() {
        Buffer rest = pending;
        pending = Buffer.buffer();
        return rest;
    }

    private void line(String line, Buffer out) {
        String trimmed = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        if (requestId != null && trimmed.startsWith("data:")) {
            String data = trimmed.substring(5).strip();
            ObjectNode event = parse(data);
            if (event != null) {
                format.stampEvent(event, requestId, this);
                out.appendString("data: ").appendString(event.toString()).appendByte(NEWLINE);
                return;
            }
        }
        out.appendString(trimmed).appendByte(NEWLINE);
    }

    private static ObjectNode parse(String data) {
        if (!data.startsWith("{")) {
            return null;
        }
        try {
            JsonNode node = SluiceJson.mapper().readTree(data);
            return node instanceof ObjectNode object ? object : null;
        } catch (IOException e) {
            return null;
        }
    }

    public void appendText(String delta) {
        content.append(delta);
    }

    public void finishReason(String reason) {
        finishReason = reason;
    }

    public void usage(Integer prompt, Integer completion) {
        if (prompt != null) {
            promptTokens = prompt;
        }
        if (completion != null) {
            completionTokens = completion;
        }
    }

    public CompletionSummary summary() {
        return new CompletionSummary(content.toString(), finishReason, promptTokens, completionTokens);
    }
}

package io.sluice.core.event;

/** One chat message of a traced request, its content flattened to text. */
public record TraceMessage(String role, String content) {
    public TraceMessage {
        Required.text(role, "role");
        Required.present(content, "content");
    }
}

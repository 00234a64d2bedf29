package io.sluice.simulator.upstream;

/**
 * One message of a chat request, reduced to what the simulation reads: the role and the text.
 * Content given as an array of parts is joined from its text parts.
 */
public record ChatMessage(String role, String content) {

    public boolean isSystem() {
        return "system".equals(role) || "developer".equals(role);
    }

    public boolean isUser() {
        return "user".equals(role);
    }
}

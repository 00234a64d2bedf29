package io.sluice.router.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.experiment.ArmParams;
import io.sluice.core.experiment.ArmSpec;
import io.sluice.core.json.SluiceJson;

/**
 * Turns the app's request into the arm's: the arm's model, its system prompt first, and its
 * parameters over the app's. The app's own system messages stay, after the arm's, because they
 * often carry context (the order, the customer) the arm's prompt refers to.
 */
public final class ArmRewrite {
    private ArmRewrite() {}

    public static ObjectNode apply(ObjectNode request, ArmSpec arm) {
        ObjectNode rewritten = request.deepCopy();
        rewritten.put("model", arm.model());
        if (arm.systemPrompt() != null) {
            ArrayNode messages = rewritten.putArray("messages");
            messages.addObject().put("role", "system").put("content", arm.systemPrompt());
            request.get("messages").forEach(messages::add);
        }
        ArmParams params = arm.params();
        if (params != null) {
            JsonNode overrides = SluiceJson.mapper().valueToTree(params);
            overrides.fields().forEachRemaining(field -> {
                if (field.getKey().equals("max_tokens") && rewritten.has("max_completion_tokens")) {
                    // Newer models take max_completion_tokens only; keep the field the app chose.
                    rewritten.set("max_completion_tokens", field.getValue());
                } else {
                    rewritten.set(field.getKey(), field.getValue());
                }
            });
        }
        return rewritten;
    }
}

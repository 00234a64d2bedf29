package io.sluice.simulator.upstream;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.json.SluiceJson;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI's wire shapes for chat completions, chunks and the model list. Nullable fields OpenAI
 * always sends ({@code refusal}, {@code logprobs}, a chunk's {@code finish_reason}) are written as
 * explicit nulls, because clients, the official SDK with response validation among them, expect
 * them present.
 */
final class ChatCompletionJson {
    static final String SYSTEM_FINGERPRINT = "fp_sluice_sim";

    private ChatCompletionJson() {}

    static String completion(SimulatedCompletion c) {
        ObjectNode root = header(c, "chat.completion");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", c.answer().content());
        message.putNull("refusal");
        message.putArray("annotations");
        choice.putNull("logprobs");
        choice.put("finish_reason", c.answer().finishReason());
        root.set("usage", usage(c));
        return root.toString();
    }

    /**
     * A streamed completion as OpenAI sends it: {@code data:} lines only, the role chunk with the
     * first piece of content; the finish chunk, the usage chunk and {@code [DONE]} right after the
     * last piece.
     */
    static CompletionStream.Sends streamed(SimulatedCompletion c, boolean includeUsage) {
        List<String> pieces = c.answer().chunks();
        List<String> sends = new ArrayList<>(pieces.size());
        for (int i = 0; i < pieces.size(); i++) {
            StringBuilder send = new StringBuilder();
            if (i == 0) {
                event(send, roleChunk(c, includeUsage));
            }
            event(send, contentChunk(c, pieces.get(i), includeUsage));
            if (i == pieces.size() - 1) {
                event(send, finishChunk(c, includeUsage));
                if (includeUsage) {
                    event(send, usageChunk(c));
                }
                event(send, "[DONE]");
            }
            sends.add(send.toString());
        }
        return new CompletionStream.Sends("", sends);
    }

    /** The first chunk: the role, and empty content, as OpenAI starts every stream. */
    static String roleChunk(SimulatedCompletion c, boolean includeUsage) {
        ObjectNode root = chunk(c, includeUsage);
        ObjectNode choice = firstChoice(root);
        ObjectNode delta = choice.putObject("delta");
        delta.put("role", "assistant");
        delta.put("content", "");
        delta.putNull("refusal");
        choice.putNull("logprobs");
        choice.putNull("finish_reason");
        return root.toString();
    }

    static String contentChunk(SimulatedCompletion c, String piece, boolean includeUsage) {
        ObjectNode root = chunk(c, includeUsage);
        ObjectNode choice = firstChoice(root);
        choice.putObject("delta").put("content", piece);
        choice.putNull("logprobs");
        choice.putNull("finish_reason");
        return root.toString();
    }

    static String finishChunk(SimulatedCompletion c, boolean includeUsage) {
        ObjectNode root = chunk(c, includeUsage);
        ObjectNode choice = firstChoice(root);
        choice.putObject("delta");
        choice.putNull("logprobs");
        choice.put("finish_reason", c.answer().finishReason());
        return root.toString();
    }

    /** The chunk {@code stream_options.include_usage} asks for: no choices, the usage. */
    static String usageChunk(SimulatedCompletion c) {
        ObjectNode root = header(c, "chat.completion.chunk");
        root.putArray("choices");
        root.set("usage", usage(c));
        return root.toString();
    }

    static String models(List<String> models, long created) {
        ObjectNode root = SluiceJson.mapper().createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (String model : models) {
            data.addObject()
                    .put("id", model)
                    .put("object", "model")
                    .put("created", created)
                    .put("owned_by", "sluice-simulator");
        }
        return root.toString();
    }

    private static void event(StringBuilder send, String data) {
        send.append("data: ").append(data).append("\n\n");
    }

    private static ObjectNode chunk(SimulatedCompletion c, boolean includeUsage) {
        ObjectNode root = header(c, "chat.completion.chunk");
        root.putArray("choices").addObject().put("index", 0);
        if (includeUsage) {
            root.putNull("usage");
        }
        return root;
    }

    private static ObjectNode firstChoice(ObjectNode root) {
        return (ObjectNode) root.get("choices").get(0);
    }

    private static ObjectNode header(SimulatedCompletion c, String object) {
        ObjectNode root = SluiceJson.mapper().createObjectNode();
        root.put("id", c.id());
        root.put("object", object);
        root.put("created", c.created());
        root.put("model", c.model());
        root.put("service_tier", "default");
        root.put("system_fingerprint", SYSTEM_FINGERPRINT);
        return root;
    }

    private static ObjectNode usage(SimulatedCompletion c) {
        ObjectNode usage = SluiceJson.mapper().createObjectNode();
        usage.put("prompt_tokens", c.promptTokens());
        usage.put("completion_tokens", c.answer().completionTokens());
        usage.put("total_tokens", c.totalTokens());
        usage.putObject("prompt_tokens_details").put("cached_tokens", 0).put("audio_tokens", 0);
        usage.putObject("completion_tokens_details")
                .put("reasoning_tokens", 0)
                .put("audio_tokens", 0)
                .put("accepted_prediction_tokens", 0)
                .put("rejected_prediction_tokens", 0);
        return usage;
    }
}

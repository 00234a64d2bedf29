package io.sluice.simulator.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.json.SluiceJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * OpenAI's wire shapes for the Responses API: the {@code response} object and its typed stream
 * events. Like OpenAI, a response echoes the request's settings ({@code instructions},
 * {@code temperature}, {@code tools}, {@code text}, ...) with the API's defaults where the request
 * left them out, and writes every nullable field as an explicit null: the official SDKs, with
 * response validation on, refuse a response that lacks a required one.
 *
 * <p>An answer cut short by {@code max_output_tokens} is {@code status: "incomplete"} with
 * {@code incomplete_details.reason: "max_output_tokens"}, and its stream ends with
 * {@code response.incomplete} instead of {@code response.completed}, as OpenAI's does.
 */
final class ResponsesJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int OUTPUT_INDEX = 0;
    private static final int CONTENT_INDEX = 0;

    private ResponsesJson() {}

    /** The whole response to a request that did not ask for a stream. */
    static String response(SimulatedCompletion c, ResponsesRequest request) {
        return finished(c, request, c.latency()).toString();
    }

    /**
     * A streamed response: {@code response.created} and {@code response.in_progress} open it at
     * once; the output item, its content part and the first text delta come with the first piece;
     * one delta per further piece; the done events and the finished response follow the last.
     * Every event carries its {@code type} on the {@code event:} line and in the data, and a
     * {@code sequence_number} counting from 0. No {@code [DONE]}: the Responses API has none.
     */
    static CompletionStream.Sends streamed(SimulatedCompletion c, ResponsesRequest request) {
        EventSequence events = new EventSequence();
        ObjectNode started = inProgress(c, request);
        String opening = events.next("response.created", body -> body.set("response", started))
                + events.next("response.in_progress", body -> body.set("response", started));

        List<String> pieces = c.answer().chunks();
        List<String> sends = new ArrayList<>(pieces.size());
        for (int i = 0; i < pieces.size(); i++) {
            StringBuilder send = new StringBuilder();
            if (i == 0) {
                send.append(events.next("response.output_item.added", body -> body
                        .put("output_index", OUTPUT_INDEX)
                        .set("item", message(c, "in_progress", null))));
                send.append(events.next("response.content_part.added", body -> inContent(body, c)
                        .set("part", outputText(""))));
            }
            String piece = pieces.get(i);
            send.append(events.next("response.output_text.delta", body -> inContent(body, c)
                    .put("delta", piece)
                    .putArray("logprobs")));
            if (i == pieces.size() - 1) {
                String text = c.answer().content();
                send.append(events.next("response.output_text.done", body -> inContent(body, c)
                        .put("text", text)
                        .putArray("logprobs")));
                send.append(events.next("response.content_part.done", body -> inContent(body, c)
                        .set("part", outputText(text))));
                send.append(events.next("response.output_item.done", body -> body
                        .put("output_index", OUTPUT_INDEX)
                        .set("item", message(c, itemStatus(c), text))));
                ObjectNode done = finished(c, request, c.streamDuration());
                send.append(events.next(c.answer().truncated() ? "response.incomplete" : "response.completed",
                        body -> body.set("response", done)));
            }
            sends.add(send.toString());
        }
        return new CompletionStream.Sends(opening, sends);
    }

    static String responseId(SimulatedCompletion c) {
        return "resp_" + c.uniquePart();
    }

    private static String messageId(SimulatedCompletion c) {
        return "msg_" + c.uniquePart();
    }

    /** The response as {@code response.created} shows it: no output and no usage yet. */
    private static ObjectNode inProgress(SimulatedCompletion c, ResponsesRequest request) {
        ObjectNode root = header(c, request, "in_progress");
        root.putNull("completed_at");
        root.putNull("incomplete_details");
        root.putArray("output");
        settings(root, request);
        root.putNull("usage");
        return root;
    }

    /**
     * The response once the answer is out. {@code took} is how long after {@code created_at} the
     * last token left, for {@code completed_at}; an incomplete response has none, as OpenAI's.
     */
    private static ObjectNode finished(SimulatedCompletion c, ResponsesRequest request, Duration took) {
        boolean cut = c.answer().truncated();
        ObjectNode root = header(c, request, cut ? "incomplete" : "completed");
        if (cut) {
            root.putNull("completed_at");
            root.putObject("incomplete_details").put("reason", "max_output_tokens");
        } else {
            root.put("completed_at", c.created() + (took.toMillis() + 999) / 1000);
            root.putNull("incomplete_details");
        }
        root.putArray("output").add(message(c, itemStatus(c), c.answer().content()));
        settings(root, request);
        root.set("usage", usage(c));
        return root;
    }

    private static ObjectNode header(SimulatedCompletion c, ResponsesRequest request, String status) {
        ObjectNode root = SluiceJson.mapper().createObjectNode();
        root.put("id", responseId(c));
        root.put("object", "response");
        root.put("created_at", c.created());
        root.put("status", status);
        root.put("model", c.model());
        root.putNull("error");
        root.put("instructions", request.instructions());
        return root;
    }

    /** What the request set, echoed, else the API's defaults. */
    private static void settings(ObjectNode root, ResponsesRequest request) {
        JsonNode asked = request.parameters();
        echo(root, asked, "background", NODES.booleanNode(false));
        echo(root, asked, "max_output_tokens", NullNode.instance);
        echo(root, asked, "max_tool_calls", NullNode.instance);
        echo(root, asked, "metadata", NODES.objectNode());
        echo(root, asked, "parallel_tool_calls", NODES.booleanNode(true));
        echo(root, asked, "previous_response_id", NullNode.instance);
        echo(root, asked, "prompt_cache_key", NullNode.instance);
        ObjectNode reasoning = NODES.objectNode();
        reasoning.putNull("effort");
        reasoning.putNull("summary");
        echo(root, asked, "reasoning", reasoning);
        echo(root, asked, "safety_identifier", NullNode.instance);
        root.put("service_tier", "default");
        echo(root, asked, "store", NODES.booleanNode(true));
        echo(root, asked, "temperature", NODES.numberNode(1.0));
        ObjectNode text = NODES.objectNode();
        text.putObject("format").put("type", "text");
        text.put("verbosity", "medium");
        echo(root, asked, "text", text);
        echo(root, asked, "tool_choice", NODES.textNode("auto"));
        echo(root, asked, "tools", NODES.arrayNode());
        echo(root, asked, "top_logprobs", NODES.numberNode(0));
        echo(root, asked, "top_p", NODES.numberNode(1.0));
        echo(root, asked, "truncation", NODES.textNode("disabled"));
        echo(root, asked, "user", NullNode.instance);
    }

    private static void echo(ObjectNode root, JsonNode asked, String field, JsonNode otherwise) {
        JsonNode value = asked.get(field);
        root.set(field, value == null || value.isNull() ? otherwise : value.deepCopy());
    }

    /** The assistant message item; {@code text} null for one that has no content yet. */
    private static ObjectNode message(SimulatedCompletion c, String status, String text) {
        ObjectNode item = NODES.objectNode();
        item.put("id", messageId(c));
        item.put("type", "message");
        item.put("status", status);
        item.put("role", "assistant");
        ArrayNode content = item.putArray("content");
        if (text != null) {
            content.add(outputText(text));
        }
        return item;
    }

    private static String itemStatus(SimulatedCompletion c) {
        return c.answer().truncated() ? "incomplete" : "completed";
    }

    private static ObjectNode outputText(String text) {
        ObjectNode part = NODES.objectNode();
        part.put("type", "output_text");
        part.putArray("annotations");
        part.putArray("logprobs");
        part.put("text", text);
        return part;
    }

    private static ObjectNode inContent(ObjectNode body, SimulatedCompletion c) {
        return body.put("item_id", messageId(c)).put("output_index", OUTPUT_INDEX).put("content_index", CONTENT_INDEX);
    }

    private static ObjectNode usage(SimulatedCompletion c) {
        ObjectNode usage = NODES.objectNode();
        usage.put("input_tokens", c.promptTokens());
        usage.putObject("input_tokens_details").put("cached_tokens", 0).put("cache_write_tokens", 0);
        usage.put("output_tokens", c.answer().completionTokens());
        usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
        usage.put("total_tokens", c.totalTokens());
        return usage;
    }

    /** Numbers the events of one stream in the order they are written. */
    private static final class EventSequence {
        private int next;

        String next(String type, Consumer<ObjectNode> fill) {
            ObjectNode body = NODES.objectNode();
            body.put("type", type);
            body.put("sequence_number", next++);
            fill.accept(body);
            return "event: " + type + "\ndata: " + body + "\n\n";
        }
    }
}

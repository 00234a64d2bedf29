package io.sluice.router.responses;

import static io.sluice.router.answer.JsonValues.intOrNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.event.TraceMessage;
import io.sluice.core.experiment.ArmParams;
import io.sluice.core.experiment.ArmSpec;
import io.sluice.core.json.SluiceJson;
import io.sluice.router.answer.ApiFormat;
import io.sluice.router.answer.CompletionSummary;
import io.sluice.router.answer.MessageText;
import io.sluice.router.answer.ModelRequest;
import io.sluice.router.answer.StreamedAnswer;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI's {@code POST /v1/responses}. The arm's system prompt goes into {@code instructions},
 * before the app's own; its {@code max_tokens} becomes {@code max_output_tokens}, and its other
 * parameters keep their names, for the upstream to accept or refuse.
 */
public final class ResponsesFormat implements ApiFormat {
    public static final ResponsesFormat INSTANCE = new ResponsesFormat();

    private ResponsesFormat() {}

    @Override
    public String endpoint() {
        return "responses";
    }

    @Override
    public String upstreamPath() {
        return "/responses";
    }

    @Override
    public ModelRequest parse(Buffer raw) {
        return ResponsesRequestParser.parse(raw);
    }

    @Override
    public ObjectNode rewrite(ObjectNode request, ArmSpec arm) {
        ObjectNode rewritten = request.deepCopy();
        rewritten.put("model", arm.model());
        if (arm.systemPrompt() != null) {
            JsonNode own = request.get("instructions");
            boolean hasOwn = own != null && own.isTextual() && !own.asText().isBlank();
            rewritten.put("instructions", hasOwn ? arm.systemPrompt() + "\n\n" + own.asText() : arm.systemPrompt());
        }
        ArmParams params = arm.params();
        if (params != null) {
            JsonNode overrides = SluiceJson.mapper().valueToTree(params);
            overrides.fields().forEachRemaining(field -> rewritten.set(
                    field.getKey().equals("max_tokens") ? "max_output_tokens" : field.getKey(), field.getValue()));
        }
        return rewritten;
    }

    @Override
    public List<TraceMessage> traceMessages(ObjectNode upstreamRequest) {
        List<TraceMessage> out = new ArrayList<>();
        JsonNode instructions = upstreamRequest.path("instructions");
        if (instructions.isTextual()) {
            out.add(new TraceMessage("system", instructions.asText()));
        }
        JsonNode input = upstreamRequest.path("input");
        if (input.isTextual()) {
            out.add(new TraceMessage("user", input.asText()));
        }
        for (JsonNode item : input.isArray() ? input : List.<JsonNode>of()) {
            if (item.path("role").isTextual()) {
                out.add(new TraceMessage(item.path("role").asText(), MessageText.of(item.path("content"))));
            }
        }
        return out;
    }

    @Override
    public CompletionSummary stampAnswer(ObjectNode answer, String requestId) {
        answer.put("id", requestId);
        return summary(answer, outputText(answer));
    }

    @Override
    public void stampEvent(ObjectNode event, String requestId, StreamedAnswer answer) {
        JsonNode response = event.get("response");
        if (response instanceof ObjectNode whole) {
            whole.put("id", requestId);
        }
        String type = event.path("type").asText();
        if (type.equals("response.output_text.delta") && event.path("delta").isTextual()) {
            answer.appendText(event.path("delta").asText());
        } else if (response != null && (type.equals("response.completed") || type.equals("response.incomplete")
                || type.equals("response.failed"))) {
            CompletionSummary end = summary(response, "");
            answer.finishReason(end.finishReason());
            answer.usage(end.promptTokens(), end.completionTokens());
        }
    }

    /** Chat's vocabulary for how the answer ended, so traces read alike whichever API served them. */
    private static CompletionSummary summary(JsonNode response, String text) {
        String status = response.path("status").asText("");
        String finish = switch (status) {
            case "completed" -> "stop";
            case "incomplete" -> response.path("incomplete_details").path("reason").asText("").equals(
                    "max_output_tokens") ? "length" : "incomplete";
            case "" -> null;
            default -> status;
        };
        JsonNode usage = response.path("usage");
        return new CompletionSummary(text, finish, intOrNull(usage.path("input_tokens")),
                intOrNull(usage.path("output_tokens")));
    }

    private static String outputText(JsonNode response) {
        StringBuilder text = new StringBuilder();
        for (JsonNode item : response.path("output")) {
            if (item.path("type").asText().equals("message")) {
                for (JsonNode part : item.path("content")) {
                    if (part.path("type").asText().equals("output_text")) {
                        text.append(part.path("text").asText(""));
                    }
                }
            }
        }
        return text.toString();
    }

}

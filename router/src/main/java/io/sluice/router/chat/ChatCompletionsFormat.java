package io.sluice.router.chat;

import static io.sluice.router.answer.JsonValues.intOrNull;
import static io.sluice.router.answer.JsonValues.textOrNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.event.TraceMessage;
import io.sluice.core.experiment.ArmSpec;
import io.sluice.router.answer.ApiFormat;
import io.sluice.router.answer.CompletionSummary;
import io.sluice.router.answer.MessageText;
import io.sluice.router.answer.ModelRequest;
import io.sluice.router.answer.StreamedAnswer;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/** OpenAI's {@code POST /v1/chat/completions}. */
public final class ChatCompletionsFormat implements ApiFormat {
    public static final ChatCompletionsFormat INSTANCE = new ChatCompletionsFormat();

    private ChatCompletionsFormat() {}

    @Override
    public String endpoint() {
        return "chat_completions";
    }

    @Override
    public String upstreamPath() {
        return "/chat/completions";
    }

    @Override
    public ModelRequest parse(Buffer raw) {
        return ChatRequestParser.parse(raw);
    }

    @Override
    public ObjectNode rewrite(ObjectNode request, ArmSpec arm) {
        return ArmRewrite.apply(request, arm);
    }

    @Override
    public List<TraceMessage> traceMessages(ObjectNode upstreamRequest) {
        List<TraceMessage> out = new ArrayList<>();
        for (JsonNode message : upstreamRequest.path("messages")) {
            out.add(new TraceMessage(message.path("role").asText(), MessageText.of(message.path("content"))));
        }
        return out;
    }


    @Override
    public CompletionSummary stampAnswer(ObjectNode answer, String requestId) {
        answer.put("id", requestId);
        JsonNode choice = answer.path("choices").path(0);
        JsonNode usage = answer.path("usage");
        return new CompletionSummary(
                choice.path("message").path("content").asText(""),
                textOrNull(choice.path("finish_reason")),
                intOrNull(usage.path("prompt_tokens")),
                intOrNull(usage.path("completion_tokens")));
    }

    @Override
    public void stampEvent(ObjectNode event, String requestId, StreamedAnswer answer) {
        if (event.has("id")) {
            event.put("id", requestId);
        }
        JsonNode choice = event.path("choices").path(0);
        JsonNode delta = choice.path("delta").path("content");
        if (delta.isTextual()) {
            answer.appendText(delta.asText());
        }
        if (choice.path("finish_reason").isTextual()) {
            answer.finishReason(choice.path("finish_reason").asText());
        }
        JsonNode usage = event.path("usage");
        answer.usage(intOrNull(usage.path("prompt_tokens")), intOrNull(usage.path("completion_tokens")));
    }

}

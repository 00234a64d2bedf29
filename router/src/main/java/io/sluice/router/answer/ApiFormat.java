package io.sluice.router.answer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.event.TraceMessage;
import io.sluice.core.experiment.ArmSpec;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * One of OpenAI's APIs for asking a model, as the router serves it: how a request is validated
 * and rewritten for an arm, where it goes upstream, and how its answer is read and stamped. The
 * experiment semantics (unit, decision, exposure, trace) are the same for every format.
 */
public interface ApiFormat {
    /** The endpoint's name in metrics: {@code chat_completions}, {@code responses}. */
    String endpoint();

    /** The path below the upstream's base URL, e.g. {@code /chat/completions}. */
    String upstreamPath();

    /** Validates a body, refusing what the router relies on with an OpenAI-shaped 400. */
    ModelRequest parse(Buffer raw);

    /** The request the arm sends: its model, its system prompt first, its parameters over the app's. */
    ObjectNode rewrite(ObjectNode request, ArmSpec arm);

    /** The messages as the upstream saw them, for the trace, multi-part contents flattened to their text. */
    List<TraceMessage> traceMessages(ObjectNode upstreamRequest);

    /**
     * Puts {@code requestId} where the app reads the answer's id, so that the id an SDK hands the
     * app is the one {@code /v1/feedback} joins on, and summarizes the answer.
     */
    CompletionSummary stampAnswer(ObjectNode answer, String requestId);

    /** The same for one event of a streamed answer, folded into the summary under way. */
    void stampEvent(ObjectNode event, String requestId, StreamedAnswer answer);
}

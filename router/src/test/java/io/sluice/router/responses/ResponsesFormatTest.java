package io.sluice.router.responses;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.event.TraceMessage;
import io.sluice.core.experiment.ArmParams;
import io.sluice.core.experiment.ArmSpec;
import io.sluice.core.json.SluiceJson;
import io.sluice.router.answer.CompletionSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponsesFormatTest {
    private static final ArmSpec GROUNDED = new ArmSpec("policy-grounded", "gpt-4o-mini", "Cite the policy.", 0.5,
            new ArmParams(0.3, null, 400, null, null, null, null));
    private static final ResponsesFormat FORMAT = ResponsesFormat.INSTANCE;

    private static ObjectNode json(String json) {
        return (ObjectNode) SluiceJson.fromJson(json, JsonNode.class);
    }

    @Test
    void theArmsPromptGoesBeforeTheAppsInstructionsAndItsTokenCapIsRenamed() {
        ObjectNode app = json("""
                {"model":"support-bot","instructions":"Order #44129 for Ada.","max_output_tokens":50,
                 "temperature":1.2,"input":[{"role":"user","content":[{"type":"input_text","text":"hi"}]}]}""");

        ObjectNode upstream = FORMAT.rewrite(app, GROUNDED);

        assertThat(upstream.get("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(upstream.get("instructions").asText()).isEqualTo("Cite the policy.\n\nOrder #44129 for Ada.");
        assertThat(upstream.get("max_output_tokens").asInt()).isEqualTo(400);
        assertThat(upstream.has("max_tokens")).isFalse();
        assertThat(upstream.get("temperature").asDouble()).isEqualTo(0.3);
        assertThat(app.get("instructions").asText()).as("the app's request is left alone")
                .isEqualTo("Order #44129 for Ada.");
        assertThat(FORMAT.traceMessages(upstream)).containsExactly(
                new TraceMessage("system", "Cite the policy.\n\nOrder #44129 for Ada."), new TraceMessage("user", "hi"));
    }

    @Test
    void withoutOwnInstructionsTheArmsPromptIsTheInstructions() {
        ObjectNode upstream = FORMAT.rewrite(json("{\"model\":\"m\",\"input\":\"hi\"}"), GROUNDED);

        assertThat(upstream.get("instructions").asText()).isEqualTo("Cite the policy.");
        assertThat(FORMAT.traceMessages(upstream)).containsExactly(new TraceMessage("system", "Cite the policy."),
                new TraceMessage("user", "hi"));
    }

    @Test
    void aWholeResponseIsStampedAndSummarizedInChatsVocabulary() {
        ObjectNode answer = json("""
                {"id":"resp_up","object":"response","status":"incomplete",
                 "incomplete_details":{"reason":"max_output_tokens"},
                 "output":[{"type":"reasoning","id":"rs_1","summary":[]},
                           {"type":"message","id":"msg_1","role":"assistant","content":[
                             {"type":"output_text","text":"Your parcel ","annotations":[]},
                             {"type":"output_text","text":"left today.","annotations":[]}]}],
                 "usage":{"input_tokens":21,"output_tokens":7,"total_tokens":28}}""");

        CompletionSummary summary = FORMAT.stampAnswer(answer, "req_1");

        assertThat(answer.get("id").asText()).isEqualTo("req_1");
        assertThat(answer.at("/output/1/id").asText()).as("item ids stay the upstream's").isEqualTo("msg_1");
        assertThat(summary).isEqualTo(new CompletionSummary("Your parcel left today.", "length", 21, 7));
    }

    @Test
    void requestsTheRouterCannotServeAreRefusedNamingTheParameter() {
        for (var bad : List.of(
                List.of("{\"model\":\"m\"}", "input"),
                List.of("{\"model\":\"m\",\"input\":[]}", "input"),
                List.of("{\"model\":\"m\",\"input\":[{\"role\":\"robot\",\"content\":\"x\"}]}", "input[0].role"),
                List.of("{\"model\":\"m\",\"input\":[{\"role\":\"user\"}]}", "input[0].content"),
                List.of("{\"model\":\"m\",\"input\":\"x\",\"max_output_tokens\":0}", "max_output_tokens"),
                List.of("{\"model\":\"m\",\"input\":\"x\",\"previous_response_id\":\"resp_1\"}", "previous_response_id"),
                List.of("{\"input\":\"x\"}", "model"))) {
            try {
                FORMAT.parse(io.vertx.core.buffer.Buffer.buffer(bad.get(0)));
                throw new AssertionError("accepted: " + bad.get(0));
            } catch (io.sluice.router.api.ApiException e) {
                assertThat(e.error().status()).isEqualTo(400);
                assertThat(e.error().param()).as(bad.get(0)).isEqualTo(bad.get(1));
            }
        }
        assertThat(FORMAT.parse(io.vertx.core.buffer.Buffer.buffer(
                "{\"model\":\"m\",\"input\":[{\"type\":\"function_call_output\",\"call_id\":\"c\",\"output\":\"{}\"}]}"))
                .model()).as("items the router does not know pass").isEqualTo("m");
    }
}

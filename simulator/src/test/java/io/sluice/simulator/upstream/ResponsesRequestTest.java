package io.sluice.simulator.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How a Responses API body reads, and the chat conversation it is simulated as. */
class ResponsesRequestTest {

    private static RequestReading read(String body) {
        return ResponsesRequest.read(body.getBytes(StandardCharsets.UTF_8));
    }

    private static ResponsesRequest valid(String body) {
        RequestReading reading = read(body);
        assertThat(reading).isInstanceOf(ResponsesRequest.class);
        return (ResponsesRequest) reading;
    }

    private static OpenAiError refused(String body) {
        RequestReading reading = read(body);
        assertThat(reading).isInstanceOf(OpenAiError.class);
        OpenAiError error = (OpenAiError) reading;
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.type()).isEqualTo("invalid_request_error");
        return error;
    }

    @Test
    void aStringInputIsOneUserMessageAfterTheInstructions() {
        ChatRequest chat = valid("{\"model\":\"sim-a\",\"instructions\":\"Be helpful.\",\"input\":\"Where is my parcel?\"}")
                .asChat();

        assertThat(chat.messages()).containsExactly(
                new ChatMessage("system", "Be helpful."), new ChatMessage("user", "Where is my parcel?"));
        assertThat(chat.systemPrompt()).isEqualTo("Be helpful.");
    }

    @Test
    void readsTheSameConversationAsTheChatRequestThatSaysTheSame() {
        ChatRequest viaResponses = valid("""
                {"model":"sim-a","instructions":"Be helpful.","input":[
                  {"role":"developer","content":"Cite the policy."},
                  {"role":"user","content":"Where is my parcel?"},
                  {"type":"message","role":"assistant","id":"msg_1","status":"completed",
                   "content":[{"type":"output_text","text":"It is on its way.","annotations":[]}]},
                  {"type":"message","role":"user","content":[{"type":"input_text","text":"When will it arrive?"}]}
                ]}""").asChat();
        ChatRequest viaChat = (ChatRequest) ChatRequest.read("""
                {"model":"sim-a","messages":[
                  {"role":"system","content":"Be helpful."},
                  {"role":"developer","content":"Cite the policy."},
                  {"role":"user","content":"Where is my parcel?"},
                  {"role":"assistant","content":"It is on its way."},
                  {"role":"user","content":[{"type":"text","text":"When will it arrive?"}]}
                ]}""".getBytes(StandardCharsets.UTF_8));

        assertThat(viaResponses.messages()).isEqualTo(viaChat.messages());
        assertThat(viaResponses.systemPrompt()).isEqualTo("Be helpful.\nCite the policy.");
        assertThat(RequestSeed.of(7, viaResponses.model(), viaResponses.messages()))
                .isEqualTo(RequestSeed.of(7, viaChat.model(), viaChat.messages()));
    }

    @Test
    void itemsThatAreNotMessagesAreAcceptedAndLeftOutOfTheConversation() {
        ResponsesRequest request = valid("""
                {"model":"sim-a","input":[
                  {"role":"user","content":"What is the weather?"},
                  {"type":"function_call","call_id":"call_1","name":"weather","arguments":"{}"},
                  {"type":"function_call_output","call_id":"call_1","output":"sunny"},
                  {"type":"item_reference","id":"rs_1"}
                ]}""");

        assertThat(request.messages()).containsExactly(new ChatMessage("user", "What is the weather?"));
        assertThat(request.instructions()).isNull();
        assertThat(request.asChat().messages()).hasSize(1);
    }

    @Test
    void keepsEverythingButModelAndInputAsParameters() {
        ResponsesRequest request = valid("""
                {"model":"sim-a","instructions":"Be brief.","input":"Hi","stream":true,"max_output_tokens":64,
                 "temperature":0.2,"store":false,"metadata":{"k":"v"}}""");

        assertThat(request.stream()).isTrue();
        assertThat(request.maxOutputTokens()).hasValue(64);
        assertThat(request.parameters().has("model")).isFalse();
        assertThat(request.parameters().has("input")).isFalse();
        assertThat(request.parameters().get("instructions").asText()).isEqualTo("Be brief.");
        assertThat(request.parameters().get("temperature").asDouble()).isEqualTo(0.2);
        assertThat(request.asChat().maxTokens()).hasValue(64);
    }

    @Test
    void aTextFormatIsHandedToTheSimulationAsTheChatResponseFormat() {
        ChatRequest chat = valid("""
                {"model":"sim-judge","input":"Grade this.","text":{"format":{"type":"json_schema","name":"grades",
                 "strict":true,"schema":{"type":"object","properties":{"scores":{"type":"object"}}}}}}""").asChat();

        assertThat(chat.parameters().at("/response_format/type").asText()).isEqualTo("json_schema");
        assertThat(chat.parameters().at("/response_format/json_schema/name").asText()).isEqualTo("grades");
        assertThat(chat.parameters().at("/response_format/json_schema/schema/properties/scores").isObject()).isTrue();
    }

    @Test
    void aMissingModelIsRefusedNamingModel() {
        assertThat(refused("{\"input\":\"Hi\"}").param()).isEqualTo("model");
    }

    @Test
    void aMissingInputIsRefusedNamingInput() {
        OpenAiError error = refused("{\"model\":\"sim-a\",\"instructions\":\"Be helpful.\"}");

        assertThat(error.param()).isEqualTo("input");
        assertThat(error.code()).isEqualTo("missing_required_parameter");
    }

    @Test
    void anInputThatIsNeitherTextNorItemsIsRefusedNamingInput() {
        assertThat(refused("{\"model\":\"sim-a\",\"input\":{\"role\":\"user\"}}").code()).isEqualTo("invalid_type");
        assertThat(refused("{\"model\":\"sim-a\",\"input\":[]}").param()).isEqualTo("input");
    }

    @Test
    void aMessageItemWithoutARoleOrWithAnUnknownOneIsRefusedNamingTheItem() {
        assertThat(refused("{\"model\":\"sim-a\",\"input\":[{\"content\":\"Hi\"}]}").param()).isEqualTo("input[0].role");
        assertThat(refused("{\"model\":\"sim-a\",\"input\":[\"Hi\",{\"role\":\"robot\",\"content\":\"Hi\"}]}").param())
                .isEqualTo("input[0]");
        assertThat(refused("{\"model\":\"sim-a\",\"input\":[{\"role\":\"user\",\"content\":\"a\"},"
                + "{\"role\":\"robot\",\"content\":\"Hi\"}]}").param()).isEqualTo("input[1].role");
        assertThat(refused("{\"model\":\"sim-a\",\"input\":[{\"type\":\"message\",\"role\":\"user\"}]}").param())
                .isEqualTo("input[0].content");
    }

    @Test
    void maxOutputTokensBelowSixteenIsRefusedAsOpenAiDoes() {
        OpenAiError error = refused("{\"model\":\"sim-a\",\"input\":\"Hi\",\"max_output_tokens\":5}");

        assertThat(error.param()).isEqualTo("max_output_tokens");
        assertThat(error.code()).isEqualTo("integer_below_min_value");
        assertThat(valid("{\"model\":\"sim-a\",\"input\":\"Hi\",\"max_output_tokens\":16}").maxOutputTokens())
                .hasValue(16);
    }

    @Test
    void unparseableJsonIsRefusedWithoutAParam() {
        assertThat(refused("{\"model\":\"sim-a\",\"input\":").param()).isNull();
    }
}

package io.sluice.router.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.router.answer.ModelRequest;
import io.sluice.router.api.ApiError;
import io.sluice.router.api.ApiException;
import io.vertx.core.buffer.Buffer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ChatRequestParserTest {

    private static ApiError errorOf(String body) {
        try {
            ChatRequestParser.parse(Buffer.buffer(body));
        } catch (ApiException e) {
            return e.error();
        }
        throw new AssertionError("accepted: " + body);
    }

    @Test
    void aWellFormedRequestKeepsFieldsTheRouterDoesNotKnow() {
        ModelRequest request = ChatRequestParser.parse(Buffer.buffer("""
                {"model":"support-bot","stream":true,"user":"u1","logprobs":true,
                 "messages":[{"role":"user","content":"hi"}]}"""));

        assertThat(request.model()).isEqualTo("support-bot");
        assertThat(request.stream()).isTrue();
        assertThat(request.body().get("user").asText()).isEqualTo("u1");
        assertThat(request.body().get("logprobs").asBoolean()).isTrue();
    }

    @Test
    void malformedJsonIsAnInvalidJsonError() {
        ApiError error = errorOf("{\"model\": ");
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.code()).isEqualTo("invalid_json");
        assertThat(error.type()).isEqualTo("invalid_request_error");
    }

    @Test
    void aBodyThatReadsTwoWaysIsRefused() {
        assertThat(errorOf("""
                {"model":"support-bot","messages":[{"role":"user","content":"hi"}]} {"model":"other"}""").code())
                .as("trailing content").isEqualTo("invalid_json");
        ApiError duplicate = errorOf("""
                {"model":"support-bot","model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""");
        assertThat(duplicate.code()).as("a duplicate key").isEqualTo("invalid_json");
        assertThat(duplicate.message()).contains("Duplicate field 'model'");
    }

    @Test
    void missingMessagesNamesTheParameter() {
        ApiError error = errorOf("{\"model\":\"m\"}");
        assertThat(error.param()).isEqualTo("messages");
        assertThat(error.message()).isEqualTo("Missing required parameter: 'messages'.");
    }

    @Test
    void wrongTypesNameTheParameter() {
        assertThat(errorOf("{\"model\":7,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").param())
                .isEqualTo("model");
        assertThat(errorOf("{\"model\":\"m\",\"messages\":\"hi\"}").param()).isEqualTo("messages");
        assertThat(errorOf("{\"model\":\"m\",\"messages\":[]}").param()).isEqualTo("messages");
        assertThat(errorOf("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":5}]}").param())
                .isEqualTo("messages[0].content");
        assertThat(errorOf("{\"model\":\"m\",\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}").param())
                .isEqualTo("messages[0].role");
        assertThat(errorOf("{\"model\":\"m\",\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
                .param()).isEqualTo("stream");
        assertThat(errorOf("{\"model\":\"m\",\"temperature\":\"hot\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
                .param()).isEqualTo("temperature");
        assertThat(errorOf("{\"model\":\"m\",\"max_tokens\":-3,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
                .param()).isEqualTo("max_tokens");
    }

    @Test
    void aBodyThatIsNotAnObjectIsRefused() {
        ThrowingCallable array = () -> ChatRequestParser.parse(Buffer.buffer("[1,2]"));
        assertThatThrownBy(array).isInstanceOf(ApiException.class).hasMessageContaining("expected a JSON object");
        assertThat(errorOf("").code()).isEqualTo("invalid_json");
    }
}

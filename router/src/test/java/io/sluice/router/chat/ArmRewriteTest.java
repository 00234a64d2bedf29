package io.sluice.router.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.experiment.ArmParams;
import io.sluice.core.experiment.ArmSpec;
import io.sluice.core.json.SluiceJson;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArmRewriteTest {
    private static final ArmSpec GROUNDED = new ArmSpec("policy-grounded", "gpt-4o-mini", "Cite the policy.", 0.5,
            new ArmParams(0.3, null, 400, null, null, null, List.of("END")));

    private static ObjectNode request(String json) {
        return (ObjectNode) SluiceJson.fromJson(json, com.fasterxml.jackson.databind.JsonNode.class);
    }

    @Test
    void theArmsModelPromptAndParametersReplaceTheApps() {
        ObjectNode app = request("""
                {"model":"support-bot","temperature":1.2,"max_tokens":50,"user":"u1",
                 "messages":[{"role":"system","content":"Order #44129 for Ada."},{"role":"user","content":"hi"}]}""");

        ObjectNode upstream = ArmRewrite.apply(app, GROUNDED);

        assertThat(upstream.get("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(upstream.get("temperature").asDouble()).isEqualTo(0.3);
        assertThat(upstream.get("max_tokens").asInt()).isEqualTo(400);
        assertThat(upstream.get("stop").get(0).asText()).isEqualTo("END");
        assertThat(upstream.get("user").asText()).isEqualTo("u1");
        assertThat(upstream.get("messages")).hasSize(3);
        assertThat(upstream.at("/messages/0/content").asText()).isEqualTo("Cite the policy.");
        assertThat(upstream.at("/messages/1/content").asText()).isEqualTo("Order #44129 for Ada.");
        assertThat(upstream.at("/messages/2/content").asText()).isEqualTo("hi");
        assertThat(app.get("model").asText()).as("the app's request is left alone").isEqualTo("support-bot");
    }

    @Test
    void anArmWithoutPromptOrParametersOnlyChangesTheModel() {
        ObjectNode app = request("{\"model\":\"x\",\"temperature\":0.9,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        ObjectNode upstream = ArmRewrite.apply(app, new ArmSpec("plain", "m2", null, 1.0, ArmParams.NONE));

        app.put("model", "m2");
        assertThat(upstream).isEqualTo(app);
    }

    @Test
    void aMaxTokensOverrideKeepsTheFieldTheAppUsed() {
        ObjectNode app = request("{\"model\":\"x\",\"max_completion_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        ObjectNode upstream = ArmRewrite.apply(app, GROUNDED);

        assertThat(upstream.get("max_completion_tokens").asInt()).isEqualTo(400);
        assertThat(upstream.has("max_tokens")).isFalse();
    }
}

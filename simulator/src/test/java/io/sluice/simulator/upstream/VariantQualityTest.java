package io.sluice.simulator.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.json.SluiceJson;
import io.sluice.simulator.quality.QualityMark;
import io.sluice.simulator.users.SupportQuestions;
import io.sluice.simulator.world.Presets;
import io.sluice.simulator.world.SimulatorConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The support-bot world over many distinct requests: the policy-citing prompt earns its
 * configured mean quality, the plain prompt its own. With concentration 20 one answer's quality
 * has a standard deviation of about 0.11, so the mean of 400 is within about 0.005 (one standard
 * error); the tolerance of 0.03 is more than five of those.
 */
class VariantQualityTest {
    private static final int REQUESTS = 400;
    private static final double TOLERANCE = 0.03;
    private static SimulatedUpstream upstream;

    @BeforeAll
    static void start() {
        SimulatorConfig demo = Presets.supportBot();
        SimulatorConfig instant = demo.toBuilder()
                .variants(demo.variants().stream().map(v -> v.toBuilder().instant().errorRate(0).build()).toList())
                .build();
        upstream = SimulatedUpstream.start(instant);
    }

    @AfterAll
    static void stop() {
        upstream.close();
    }

    private static double meanQuality(String systemPrompt) {
        double sum = 0;
        for (int i = 0; i < REQUESTS; i++) {
            String question = "Order #" + (20_000 + i) + ". " + SupportQuestions.GOLDEN.get(i % SupportQuestions.GOLDEN.size());
            String body = RawHttp.postJson(upstream.baseUrl() + "/chat/completions",
                    RawHttp.chatBody(Presets.SUPPORT_MODEL, systemPrompt, question, "")).body();
            String content = SluiceJson.fromJson(body, JsonNode.class).at("/choices/0/message/content").asText();
            sum += QualityMark.read(content).orElseThrow();
        }
        return sum / REQUESTS;
    }

    @Test
    void thePolicyCitingPromptEarnsItsHigherMeanQuality() {
        long before = upstream.received().countFor(Presets.SUPPORT_MODEL);
        double policy = meanQuality(Presets.POLICY_PROMPT);
        double plain = meanQuality(Presets.BE_HELPFUL_PROMPT);

        assertThat(policy).isCloseTo(0.62, within(TOLERANCE));
        assertThat(plain).isCloseTo(0.55, within(TOLERANCE));
        assertThat(policy).isGreaterThan(plain);
        assertThat(upstream.received().countFor(Presets.SUPPORT_MODEL) - before).isEqualTo(2L * REQUESTS);
    }

    @Test
    void theFirstMatchingVariantAnswers() {
        RawHttp.postJson(upstream.baseUrl() + "/chat/completions",
                RawHttp.chatBody(Presets.SUPPORT_MODEL, Presets.POLICY_PROMPT, "Where is my parcel?", ""));
        assertThat(upstream.received().last().orElseThrow().variant()).isEqualTo("policy-citing");

        RawHttp.postJson(upstream.baseUrl() + "/chat/completions",
                RawHttp.chatBody(Presets.SUPPORT_MODEL, "You answer in haiku.", "Where is my parcel?", ""));
        assertThat(upstream.received().last().orElseThrow().variant()).isEqualTo("unprompted");
    }
}

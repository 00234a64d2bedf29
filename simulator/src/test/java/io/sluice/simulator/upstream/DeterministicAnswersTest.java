package io.sluice.simulator.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.json.SluiceJson;
import io.sluice.simulator.quality.QualityMark;
import io.sluice.simulator.world.SimulatorConfig;
import io.sluice.simulator.world.Variant;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DeterministicAnswersTest {
    private static final SimulatorConfig WORLD = SimulatorConfig.builder()
            .defaultVariant(Variant.builder().instant().quality(0.6).build())
            .build();
    private static final String REQUEST = RawHttp.chatBody("sim-any", "Be helpful.",
            "Hi, I'm Dana (order #51234). My package hasn't arrived. It's been 8 days.", "");

    private static String answer(SimulatedUpstream upstream, String body) {
        JsonNode completion = SluiceJson.fromJson(
                RawHttp.postJson(upstream.baseUrl() + "/chat/completions", body).body(), JsonNode.class);
        return completion.at("/choices/0/message/content").asText();
    }

    @Test
    void theSameRequestUnderTheSameSeedGetsTheSameAnswerAndQuality() {
        String first;
        String second;
        try (SimulatedUpstream upstream = SimulatedUpstream.start(WORLD.withSeed(1))) {
            first = answer(upstream, REQUEST);
        }
        try (SimulatedUpstream restarted = SimulatedUpstream.start(WORLD.withSeed(1))) {
            second = answer(restarted, REQUEST);
        }

        assertThat(second).isEqualTo(first);
        assertThat(QualityMark.read(second)).isEqualTo(QualityMark.read(first)).isPresent();
    }

    @Test
    void anotherSeedDrawsAnotherAnswer() {
        String seedOne;
        String seedTwo;
        try (SimulatedUpstream one = SimulatedUpstream.start(WORLD.withSeed(1));
             SimulatedUpstream two = SimulatedUpstream.start(WORLD.withSeed(2))) {
            seedOne = answer(one, REQUEST);
            seedTwo = answer(two, REQUEST);
        }

        assertThat(seedTwo).isNotEqualTo(seedOne);
        assertThat(QualityMark.read(seedTwo)).isNotEqualTo(QualityMark.read(seedOne));
    }

    @Test
    void aStreamCarriesTheSameAnswerAsAPlainResponse() {
        try (SimulatedUpstream upstream = SimulatedUpstream.start(WORLD)) {
            String plain = answer(upstream, REQUEST);
            String events = RawHttp.postJson(upstream.baseUrl() + "/chat/completions",
                    REQUEST.substring(0, REQUEST.length() - 1) + ",\"stream\":true}").body();
            String streamed = events.lines()
                    .filter(line -> line.startsWith("data: {"))
                    .map(line -> SluiceJson.fromJson(line.substring(6), JsonNode.class))
                    .map(chunk -> chunk.at("/choices/0/delta/content").asText(""))
                    .collect(Collectors.joining());

            assertThat(streamed).isEqualTo(plain);
        }
    }
}

package io.sluice.simulator.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.json.SluiceJson;
import io.sluice.simulator.quality.QualityMark;
import io.sluice.simulator.world.SimulatorConfig;
import io.sluice.simulator.world.Variant;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StreamingTest {
    private static final Duration CHUNK_DELAY = Duration.ofMillis(40);
    private static final Duration FIRST_TOKEN = Duration.ofMillis(100);
    private static SimulatedUpstream upstream;

    @BeforeAll
    static void start() {
        upstream = SimulatedUpstream.start(SimulatorConfig.builder()
                .defaultVariant(Variant.builder()
                        .jitter(Duration.ZERO)
                        .timeToFirstToken(FIRST_TOKEN)
                        .chunkDelay(CHUNK_DELAY)
                        .chunkWords(10)
                        .answerWords(30, 40)
                        .build())
                .build());
    }

    @AfterAll
    static void stop() {
        upstream.close();
    }

    private record Event(long receivedNanos, String data) {}

    private static List<Event> stream(String extraFields) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(upstream.baseUrl() + "/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(RawHttp.chatBody("sim-any", "Be helpful.",
                        "My package hasn't arrived. It's been 8 days.", "\"stream\":true" + extraFields)))
                .build();
        HttpResponse<Stream<String>> response = RawHttp.send(request, HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        List<Event> events = new ArrayList<>();
        try (Stream<String> lines = response.body()) {
            lines.filter(line -> line.startsWith("data: "))
                    .forEach(line -> events.add(new Event(System.nanoTime(), line.substring(6))));
        }
        return events;
    }

    private static boolean carriesContent(Event event) {
        return !event.data().equals("[DONE]")
                && !SluiceJson.fromJson(event.data(), JsonNode.class).at("/choices/0/delta/content").asText("").isEmpty();
    }

    @Test
    void chunksArriveSpreadOverTimeByTheChunkDelay() {
        List<Event> events = stream("");

        List<Event> content = events.stream().filter(StreamingTest::carriesContent).toList();
        assertThat(content).hasSizeGreaterThanOrEqualTo(4);
        long spreadMillis = Duration.ofNanos(events.get(events.size() - 1).receivedNanos()
                - content.get(0).receivedNanos()).toMillis();
        long configuredMillis = (content.size() - 1) * CHUNK_DELAY.toMillis();
        // A few milliseconds of slack: timers and the loopback can shift single arrivals a little.
        assertThat(spreadMillis).isGreaterThanOrEqualTo(configuredMillis - 5);
        assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
    }

    @Test
    void includeUsageAddsAFinalUsageChunkBeforeDone() {
        List<Event> events = stream(",\"stream_options\":{\"include_usage\":true}");

        JsonNode usageChunk = SluiceJson.fromJson(events.get(events.size() - 2).data(), JsonNode.class);
        assertThat(usageChunk.get("choices")).isEmpty();
        String content = events.stream().filter(StreamingTest::carriesContent)
                .map(e -> SluiceJson.fromJson(e.data(), JsonNode.class).at("/choices/0/delta/content").asText())
                .collect(Collectors.joining());
        int words = QualityMark.strip(content).split("\\s+").length;
        assertThat(usageChunk.at("/usage/completion_tokens").asInt()).isEqualTo(words);
        assertThat(usageChunk.at("/usage/total_tokens").asInt())
                .isEqualTo(usageChunk.at("/usage/prompt_tokens").asInt() + words);
        JsonNode contentChunk = SluiceJson.fromJson(events.get(1).data(), JsonNode.class);
        assertThat(contentChunk.has("usage")).isTrue();
        assertThat(contentChunk.get("usage").isNull()).isTrue();
    }

    @Test
    void withoutIncludeUsageNoChunkCarriesUsage() {
        List<Event> events = stream("");

        assertThat(events).filteredOn(e -> e.data().contains("\"usage\"")).isEmpty();
    }

    @Test
    void aClientThatHangsUpMidStreamLeavesTheServerServing() throws Exception {
        String body = RawHttp.chatBody("sim-any", "Be helpful.", "Why was I charged twice for order #44129?",
                "\"stream\":true");
        try (Socket socket = new Socket("127.0.0.1", upstream.port())) {
            OutputStream out = socket.getOutputStream();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line;
            do {
                line = in.readLine();
            } while (line != null && !line.startsWith("data: "));
            assertThat(line).startsWith("data: ");
        }

        List<Event> next = stream("");
        assertThat(next.get(next.size() - 1).data()).isEqualTo("[DONE]");
    }
}

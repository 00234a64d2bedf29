package io.sluice.simulator.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.json.SluiceJson;
import io.sluice.simulator.world.SimulatorConfig;
import io.sluice.simulator.world.Variant;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A streamed Responses API answer on the wire, as a relay reads it before any SDK does. */
class ResponsesStreamTest {
    private static final Duration CHUNK_DELAY = Duration.ofMillis(40);
    private static final Duration FIRST_TOKEN = Duration.ofMillis(150);
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

    /** One server-sent event: its {@code event:} line, its data, and when it arrived. */
    private record Event(String name, JsonNode data, long receivedNanos) {
        String type() {
            return data.get("type").asText();
        }
    }

    private static List<Event> stream(String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(upstream.baseUrl() + "/responses"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<Stream<String>> response = RawHttp.send(request, HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        List<Event> events = new ArrayList<>();
        List<String> unframed = new ArrayList<>();
        String[] name = {null};
        try (Stream<String> lines = response.body()) {
            lines.forEach(line -> {
                if (line.startsWith("event: ")) {
                    name[0] = line.substring(7);
                } else if (line.startsWith("data: {")) {
                    events.add(new Event(name[0], SluiceJson.fromJson(line.substring(6), JsonNode.class),
                            System.nanoTime()));
                    name[0] = null;
                } else if (!line.isEmpty()) {
                    unframed.add(line);
                }
            });
        }
        // Chat streams end with "data: [DONE]"; the Responses API sends no such line.
        assertThat(unframed).isEmpty();
        return events;
    }

    private static String request(String extraFields) {
        return "{\"model\":\"sim-any\",\"instructions\":\"Be helpful.\","
                + "\"input\":\"My package hasn't arrived. It's been 8 days.\",\"stream\":true" + extraFields + "}";
    }

    @Test
    void theEventsComeInOpenAisOrderEachNamedByItsType() {
        List<Event> events = stream(request(""));

        assertThat(events).allSatisfy(e -> assertThat(e.name()).isEqualTo(e.type()));
        List<String> types = events.stream().map(Event::type).toList();
        int deltas = (int) types.stream().filter("response.output_text.delta"::equals).count();
        List<String> expected = new ArrayList<>(List.of("response.created", "response.in_progress",
                "response.output_item.added", "response.content_part.added"));
        for (int i = 0; i < deltas; i++) {
            expected.add("response.output_text.delta");
        }
        expected.addAll(List.of("response.output_text.done", "response.content_part.done",
                "response.output_item.done", "response.completed"));
        assertThat(deltas).isGreaterThanOrEqualTo(4);
        assertThat(types).isEqualTo(expected);
        assertThat(events).extracting(e -> e.data().get("sequence_number").asInt())
                .isEqualTo(IntStream.range(0, events.size()).boxed().toList());
    }

    @Test
    void everyTextEventPointsAtTheOneOutputItem() {
        List<Event> events = stream(request(""));

        String itemId = events.get(2).data().at("/item/id").asText();
        assertThat(itemId).startsWith("msg_");
        assertThat(events.get(2).data().at("/item/status").asText()).isEqualTo("in_progress");
        assertThat(events).filteredOn(e -> e.data().has("item_id")).isNotEmpty().allSatisfy(e -> {
            assertThat(e.data().get("item_id").asText()).isEqualTo(itemId);
            assertThat(e.data().get("output_index").asInt()).isZero();
            assertThat(e.data().get("content_index").asInt()).isZero();
        });
        JsonNode created = events.get(0).data().get("response");
        assertThat(created.get("status").asText()).isEqualTo("in_progress");
        assertThat(created.get("output")).isEmpty();
        assertThat(created.get("usage").isNull()).isTrue();
        JsonNode completed = events.get(events.size() - 1).data().get("response");
        assertThat(completed.get("id").asText()).isEqualTo(created.get("id").asText()).startsWith("resp_");
        assertThat(completed.get("status").asText()).isEqualTo("completed");
        assertThat(completed.at("/output/0/id").asText()).isEqualTo(itemId);
        assertThat(completed.at("/usage/total_tokens").asInt()).isPositive();
    }

    @Test
    void theResponseIsCreatedAtOnceAndTheDeltasSpreadOverTime() {
        List<Event> events = stream(request(""));

        List<Event> deltas = events.stream().filter(e -> e.type().equals("response.output_text.delta")).toList();
        long thinkingMillis = Duration.ofNanos(deltas.get(0).receivedNanos() - events.get(0).receivedNanos())
                .toMillis();
        long spreadMillis = Duration.ofNanos(deltas.get(deltas.size() - 1).receivedNanos()
                - deltas.get(0).receivedNanos()).toMillis();
        // A few milliseconds of slack: timers and the loopback can shift single arrivals a little.
        assertThat(thinkingMillis).isGreaterThanOrEqualTo(FIRST_TOKEN.toMillis() - 5);
        assertThat(spreadMillis).isGreaterThanOrEqualTo((deltas.size() - 1) * CHUNK_DELAY.toMillis() - 5);
    }

    @Test
    void aCutStreamEndsIncompleteWithTheReason() {
        List<Event> events = stream(request(",\"max_output_tokens\":16"));

        Event last = events.get(events.size() - 1);
        assertThat(last.type()).isEqualTo("response.incomplete");
        assertThat(last.data().at("/response/status").asText()).isEqualTo("incomplete");
        assertThat(last.data().at("/response/incomplete_details/reason").asText()).isEqualTo("max_output_tokens");
        assertThat(last.data().at("/response/usage/output_tokens").asInt()).isEqualTo(16);
        assertThat(events).filteredOn(e -> e.type().equals("response.output_item.done"))
                .singleElement().satisfies(e -> assertThat(e.data().at("/item/status").asText())
                        .isEqualTo("incomplete"));
    }
}

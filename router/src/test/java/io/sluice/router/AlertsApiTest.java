package io.sluice.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.event.Alert;
import io.sluice.core.event.AlertEvidence;
import io.sluice.core.event.AlertKind;
import io.sluice.core.json.SluiceJson;
import io.sluice.core.topic.Topic;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /v1/alerts}: what the jobs raised, as operators and apps read it from the router. */
class AlertsApiTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    static Path directory;

    static RouterFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = RouterFixture.start(directory, "reject");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", fixture.kafka.bootstrapServers(), "acks", "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 6; i++) {
                String experiment = i % 2 == 0 ? "support-bot" : "by-user";
                AlertKind kind = i == 4 ? AlertKind.JUDGE_RECOVERED : AlertKind.JUDGE_DRIFT;
                Alert alert = new Alert(1, "alert-" + i, experiment, kind, Alert.Severity.WARNING, "fp-1",
                        "judge over-scores by a point", new AlertEvidence("page_hinkley", 12.0 + i, 10.0, T0,
                                T0.plusSeconds(60), 140 + i), T0.plusSeconds(i));
                producer.send(new ProducerRecord<>(fixture.topics.of(Topic.ALERTS), experiment,
                        SluiceJson.toBytes(alert))).get(10, TimeUnit.SECONDS);
            }
        }
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static List<String> ids(String query) {
        JsonNode list = SluiceJson.fromJson(fixture.get("/v1/alerts" + query).body(), JsonNode.class);
        List<String> ids = new ArrayList<>();
        list.get("data").forEach(a -> ids.add(a.get("alert_id").asText()));
        return ids;
    }

    @Test
    void alertsAreListedNewestFirstWithTheirEvidence() {
        await().atMost(RouterFixture.TIMEOUT).until(() -> ids("").size() == 6);

        assertThat(ids("")).containsExactly("alert-5", "alert-4", "alert-3", "alert-2", "alert-1", "alert-0");
        JsonNode first = SluiceJson.fromJson(fixture.get("/v1/alerts?limit=1").body(), JsonNode.class).at("/data/0");
        assertThat(first.get("kind").asText()).isEqualTo("judge_drift");
        assertThat(first.at("/evidence/statistic").asText()).isEqualTo("page_hinkley");
        assertThat(first.at("/evidence/observations").asLong()).isEqualTo(145);
    }

    @Test
    void alertsCanBeFilteredByExperimentAndKind() {
        await().atMost(RouterFixture.TIMEOUT).until(() -> ids("").size() == 6);

        assertThat(ids("?experiment=support-bot")).containsExactly("alert-4", "alert-2", "alert-0");
        assertThat(ids("?experiment=support-bot&kind=judge_drift")).containsExactly("alert-2", "alert-0");
        assertThat(ids("?experiment=nobody")).isEmpty();
        assertThat(ids("?limit=2")).containsExactly("alert-5", "alert-4");
    }

    @Test
    void badQueryParametersAreRefusedNamingThem() {
        assertThat(fixture.get("/v1/alerts?limit=0").statusCode()).isEqualTo(400);
        assertThat(fixture.get("/v1/alerts?limit=lots").body()).contains("\"param\":\"limit\"");
        assertThat(fixture.get("/v1/alerts?kind=panic").body()).contains("\"param\":\"kind\"");
    }
}

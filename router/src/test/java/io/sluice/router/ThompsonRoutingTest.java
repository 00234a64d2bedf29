package io.sluice.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.broker.EmbeddedKafka;
import io.sluice.broker.EmbeddedKafkaConfig;
import io.sluice.broker.TopicLayout;
import io.sluice.broker.TopicProvisioner;
import io.sluice.broker.TopicReader;
import io.sluice.core.config.SluiceConfig;
import io.sluice.core.config.SluiceConfigReader;
import io.sluice.core.event.Assignment;
import io.sluice.core.event.Exposure;
import io.sluice.core.event.PolicyType;
import io.sluice.core.event.PosteriorSnapshot;
import io.sluice.core.json.SluiceJson;
import io.sluice.core.posterior.ArmPosterior;
import io.sluice.core.topic.Topic;
import io.sluice.core.topic.TopicNames;
import io.sluice.simulator.upstream.SimulatedUpstream;
import io.sluice.simulator.world.SimulatorConfig;
import io.sluice.simulator.world.Variant;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.HashSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thompson sampling in the router: decisions follow the posteriors on the topic, every exposure
 * carries the exact probability of its decision, units keep their arms across restarts and across
 * routers, and the admin API shows and changes it all, controls included: a paused arm gets no
 * units on any router, a rollback serves the control arm to everyone, and propensities stay exact.
 */
class ThompsonRoutingTest {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final String ADMIN_TOKEN = "admin-secret-7c1e";
    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    static Path directory;

    static EmbeddedKafka kafka;
    static SimulatedUpstream upstream;
    static TopicNames topics = new TopicNames("ts.");
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        kafka = new EmbeddedKafka(EmbeddedKafkaConfig.inDirectory(directory.resolve("kafka"))).start();
        TopicProvisioner.provision(kafka.bootstrapServers(), topics, TopicLayout.of(2, (short) 1), TIMEOUT);
        upstream = SimulatedUpstream.start(SimulatorConfig.builder().seed(5)
                .defaultVariant(Variant.builder().name("any").instant().build()).build());
    }

    @AfterAll
    static void stop() {
        if (upstream != null) {
            upstream.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    static SluiceConfig config(String instance) throws Exception {
        Path token = java.nio.file.Files.writeString(directory.resolve("admin.token"), ADMIN_TOKEN);
        return SluiceConfigReader.parse("""
                router:
                  port: 0
                  instance_id: %s
                  admin_token_file: %s
                  upstream: {base_url: "%s"}
                kafka: {topic_prefix: ts.}
                experiments:
                  - name: bandit
                    unit: conversation
                    policy: {type: thompson, exploration_floor: 0.01}
                    arms: [{name: small, model: m1}, {name: medium, model: m2}, {name: large, model: m3}]
                    reward: {signals: {thumbs_up: 1, thumbs_down: 0}, attribution_window: 10s}
                  - name: per-request
                    unit: request
                    policy: thompson
                    arms: [{name: left, model: m1}, {name: right, model: m2}]
                    reward: {signals: {thumbs_up: 1}}
                  - name: fresh
                    unit: request
                    policy: thompson
                    arms: [{name: left, model: m1}, {name: right, model: m2}]
                    reward: {signals: {thumbs_up: 1}}
                """.formatted(instance, token, upstream.baseUrl()), "thompson test");
    }

    static void publishPosteriors(String experiment, Map<String, double[]> alphaBeta, long version) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", kafka.bootstrapServers(), "acks", "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            for (Map.Entry<String, double[]> arm : alphaBeta.entrySet()) {
                ArmPosterior posterior = new ArmPosterior(io.sluice.core.event.PosteriorFamily.BETA,
                        arm.getValue()[0], arm.getValue()[1], 0, 0, 0, 0,
                        (long) (arm.getValue()[0] + arm.getValue()[1] - 2), arm.getValue()[0] - 1);
                PosteriorSnapshot snapshot = posterior.snapshot(experiment, arm.getKey(), version, T0, Instant.now());
                producer.send(new ProducerRecord<>(topics.of(Topic.POSTERIORS), snapshot.key(),
                        SluiceJson.toBytes(snapshot))).get(10, TimeUnit.SECONDS);
            }
        }
    }

    static HttpResponse<String> ask(RouterServer router, String model, String conversation) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + router.port() + "/v1/chat/completions"))
                .header("content-type", "application/json")
                .header("Sluice-Conversation", conversation)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    static CompletableFuture<HttpResponse<String>> askAsync(RouterServer router, String model, String conversation) {
        return http.sendAsync(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + router.port() + "/v1/chat/completions"))
                .header("content-type", "application/json")
                .header("Sluice-Conversation", conversation)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> admin(RouterServer router, String method, String path, String body, String token)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + router.port() + path))
                .header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static List<Exposure> exposures(String experiment) {
        return TopicReader.readAll(kafka.bootstrapServers(), topics.of(Topic.EXPOSURES), Exposure.class, TIMEOUT)
                .values().stream().filter(e -> e.experiment().equals(experiment)).toList();
    }

    @Test
    void decisionsFollowThePosteriorsAndLogTheirExactPropensity() throws Exception {
        publishPosteriors("per-request", Map.of("left", new double[] {40, 60}, "right", new double[] {55, 45}), 3);
        try (RouterServer router = RouterServer.start(config("r-propensity"), kafka.bootstrapServers(),
                Clock.systemUTC())) {
            double right = router.experiments().find("per-request").orElseThrow().thompson().orElseThrow()
                    .propensity("right");
            assertThat(right).as("Beta(55,45) beats Beta(40,60) most of the time").isBetween(0.95, 0.9999);

            Map<String, Integer> counts = new HashMap<>();
            Map<String, String> armById = new HashMap<>();
            for (int i = 0; i < 200; i++) {
                HttpResponse<String> response = ask(router, "per-request", "c" + i);
                String arm = response.headers().firstValue("sluice-arm").orElseThrow();
                counts.merge(arm, 1, Integer::sum);
                armById.put(response.headers().firstValue("sluice-request-id").orElseThrow(), arm);
            }
            assertThat(counts.getOrDefault("right", 0)).isGreaterThan(170);

            List<Exposure> logged = await().atMost(TIMEOUT).until(() -> exposures("per-request").stream()
                    .filter(e -> armById.containsKey(e.requestId())).toList(), l -> l.size() == 200);
            for (Exposure e : logged) {
                assertThat(e.arm()).isEqualTo(armById.get(e.requestId()));
                assertThat(e.policy()).isEqualTo(PolicyType.THOMPSON);
                assertThat(e.propensity()).isCloseTo(e.arm().equals("right") ? right : 1 - right, within(1e-12));
                assertThat(e.policyVersion()).endsWith("/left:3,right:3");
            }
        }
    }

    @Test
    void aConversationKeepsItsArmAcrossARouterRestart() throws Exception {
        Map<String, String> before = new HashMap<>();
        try (RouterServer first = RouterServer.start(config("r-first"), kafka.bootstrapServers(), Clock.systemUTC())) {
            for (int c = 0; c < 30; c++) {
                before.put("restart-" + c, ask(first, "bandit", "restart-" + c).headers().firstValue("sluice-arm")
                        .orElseThrow());
            }
            assertThat(before.values()).as("uniform priors spread thirty conversations").hasSizeGreaterThan(1)
                    .containsAnyOf("small", "medium", "large");
        }
        // The posteriors now favour another arm: new conversations would mostly go elsewhere.
        publishPosteriors("bandit", Map.of("small", new double[] {900, 100}, "medium", new double[] {1, 50},
                "large", new double[] {1, 50}), 7);

        try (RouterServer restarted = RouterServer.start(config("r-second"), kafka.bootstrapServers(),
                Clock.systemUTC())) {
            for (Map.Entry<String, String> unit : before.entrySet()) {
                assertThat(ask(restarted, "bandit", unit.getKey()).headers().firstValue("sluice-arm"))
                        .as(unit.getKey()).contains(unit.getValue());
            }
            long newOnSmall = java.util.stream.IntStream.range(0, 20).mapToObj(c -> {
                try {
                    return ask(restarted, "bandit", "fresh-" + c).headers().firstValue("sluice-arm").orElseThrow();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).filter("small"::equals).count();
            assertThat(newOnSmall).isGreaterThanOrEqualTo(17);
        }
    }

    @Test
    void twoRoutersAgreeOnEveryUnitOnceTheyHaveSeenEachOther() throws Exception {
        try (RouterServer a = RouterServer.start(config("r-a"), kafka.bootstrapServers(), Clock.systemUTC());
             RouterServer b = RouterServer.start(config("r-b"), kafka.bootstrapServers(), Clock.systemUTC())) {
            // The same new units reach both routers at once, so each assigns them before it can have
            // seen the other's assignment: some units get two different arms.
            for (int c = 0; c < 40; c++) {
                String unit = "both-" + c;
                CompletableFuture<HttpResponse<String>> onA = askAsync(a, "bandit", unit);
                CompletableFuture<HttpResponse<String>> onB = askAsync(b, "bandit", unit);
                CompletableFuture.allOf(onA, onB).get(30, TimeUnit.SECONDS);
            }
            Map<String, Set<String>> armsWritten = new HashMap<>();
            await().atMost(TIMEOUT).until(() -> {
                TopicReader.readAll(kafka.bootstrapServers(), topics.of(Topic.ASSIGNMENTS), Assignment.class, TIMEOUT)
                        .values().stream().filter(x -> x.unit().startsWith("both-"))
                        .forEach(x -> armsWritten.computeIfAbsent(x.unit(), k -> new HashSet<>()).add(x.router()));
                return armsWritten.size() == 40;
            });
            assertThat(armsWritten.values().stream().filter(routers -> routers.size() == 2).count())
                    .as("units both routers assigned on their own").isPositive();
            await().atMost(TIMEOUT).untilAsserted(() -> {
                for (int c = 0; c < 40; c++) {
                    String unit = "both-" + c;
                    String armOnA = ask(a, "bandit", unit).headers().firstValue("sluice-arm").orElseThrow();
                    String armOnB = ask(b, "bandit", unit).headers().firstValue("sluice-arm").orElseThrow();
                    assertThat(armOnA).as(unit).isEqualTo(armOnB);
                }
            });
            // And the topic ends with the winner for every unit, so a router started later agrees too.
            Map<String, String> last = new HashMap<>();
            await().atMost(TIMEOUT).untilAsserted(() -> {
                TopicReader.readAll(kafka.bootstrapServers(), topics.of(Topic.ASSIGNMENTS), Assignment.class, TIMEOUT)
                        .values().stream().filter(x -> x.unit().startsWith("both-"))
                        .forEach(x -> last.put(x.unit(), x.arm()));
                for (int c = 0; c < 40; c++) {
                    assertThat(last.get("both-" + c))
                            .isEqualTo(ask(a, "bandit", "both-" + c).headers().firstValue("sluice-arm").orElseThrow());
                }
            });
        }
    }

    @Test
    void theAdminApiNeedsItsTokenShowsThePolicyAndReplacesASpecForEveryRouter() throws Exception {
        try (RouterServer a = RouterServer.start(config("r-admin-a"), kafka.bootstrapServers(), Clock.systemUTC());
             RouterServer b = RouterServer.start(config("r-admin-b"), kafka.bootstrapServers(), Clock.systemUTC())) {
            assertThat(admin(a, "GET", "/admin/experiments", null, null).statusCode()).isEqualTo(401);
            assertThat(admin(a, "GET", "/admin/experiments", null, "wrong").statusCode()).isEqualTo(401);

            JsonNode shown = SluiceJson.fromJson(admin(a, "GET", "/admin/experiments/bandit", null, ADMIN_TOKEN).body(),
                    JsonNode.class);
            double total = 0;
            for (JsonNode arm : shown.get("arms")) {
                total += arm.get("propensity").asDouble();
            }
            assertThat(total).isCloseTo(1.0, within(1e-9));
            assertThat(shown.get("policy_version").asText()).startsWith("thompson@");

            HttpResponse<String> bad = admin(a, "PUT", "/admin/experiments/bandit", """
                    {"policy": "thompson", "arms": [{"name": "small", "model": "m1", "weight": 2}],
                     "reward": {"signals": {"thumbs_up": 1}}}""", ADMIN_TOKEN);
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("arms[0].weight", "at least two arms");

            HttpResponse<String> replaced = admin(a, "PUT", "/admin/experiments/bandit", """
                    {"unit": "conversation", "policy": {"type": "thompson", "exploration_floor": 0.2},
                     "arms": [{"name": "small", "model": "m1"}, {"name": "large", "model": "m3"}],
                     "reward": {"signals": {"thumbs_up": 1}, "attribution_window": "10s"}}""", ADMIN_TOKEN);
            assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);

            await().atMost(TIMEOUT).untilAsserted(() -> {
                JsonNode onB = SluiceJson.fromJson(admin(b, "GET", "/admin/experiments/bandit", null, ADMIN_TOKEN)
                        .body(), JsonNode.class);
                assertThat(onB.get("arms")).hasSize(2);
                assertThat(onB.at("/spec/policy/exploration_floor").asDouble()).isEqualTo(0.2);
            });
            Optional<JsonNode> onTopic = TopicReader.readAll(kafka.bootstrapServers(), topics.of(Topic.EXPERIMENTS),
                    JsonNode.class, TIMEOUT).records().stream().filter(r -> r.key().equals("bandit"))
                    .map(TopicReader.Keyed::value).reduce((x, y) -> y);
            assertThat(onTopic).hasValueSatisfying(v -> assertThat(v.get("arms")).hasSize(2));
        }
    }

    @Test
    void unitsOfARemovedArmAreReassignedOnEveryRouterAndAcrossRestarts() throws Exception {
        String threeArms = """
                {"unit": "conversation", "unit_fallback": [], "policy": "thompson",
                 "arms": [{"name": "a", "model": "m1"}, {"name": "b", "model": "m2"}, {"name": "c", "model": "m3"}],
                 "reward": {"signals": {"thumbs_up": 1}}}""";
        Map<String, String> before = new HashMap<>();
        try (RouterServer a = RouterServer.start(config("r-drop-a"), kafka.bootstrapServers(), Clock.systemUTC());
             RouterServer b = RouterServer.start(config("r-drop-b"), kafka.bootstrapServers(), Clock.systemUTC())) {
            assertThat(admin(a, "PUT", "/admin/experiments/dropping", threeArms, ADMIN_TOKEN).statusCode())
                    .isEqualTo(200);
            await().atMost(TIMEOUT).until(() -> b.experiments().find("dropping").isPresent());
            for (int c = 0; c < 30; c++) {
                before.put("drop-" + c, ask(a, "dropping", "drop-" + c).headers().firstValue("sluice-arm").orElseThrow());
            }
            assertThat(before.values()).contains("c");
            await().atMost(TIMEOUT).untilAsserted(() -> {
                for (String unit : before.keySet()) {
                    assertThat(ask(b, "dropping", unit).headers().firstValue("sluice-arm")).as(unit)
                            .contains(before.get(unit));
                }
            });

            assertThat(admin(a, "PUT", "/admin/experiments/dropping", threeArms.replace(
                    ", {\"name\": \"c\", \"model\": \"m3\"}", ""), ADMIN_TOKEN).statusCode()).isEqualTo(200);
            await().atMost(TIMEOUT).until(() -> a.experiments().find("dropping").orElseThrow().spec().arms().size() == 2
                    && b.experiments().find("dropping").orElseThrow().spec().arms().size() == 2);

            Map<String, String> after = new HashMap<>();
            for (String unit : before.keySet()) {
                HttpResponse<String> answer = ask(a, "dropping", unit);
                assertThat(answer.statusCode()).as(unit).isEqualTo(200);
                after.put(unit, answer.headers().firstValue("sluice-arm").orElseThrow());
            }
            before.forEach((unit, arm) -> assertThat(after.get(unit)).as(unit)
                    .isEqualTo(arm.equals("c") ? after.get(unit) : arm).isIn("a", "b"));
            await().atMost(TIMEOUT).untilAsserted(() -> {
                for (String unit : before.keySet()) {
                    assertThat(ask(b, "dropping", unit).headers().firstValue("sluice-arm")).as(unit)
                            .contains(after.get(unit));
                }
            });
            before.clear();
            before.putAll(after);
        }
        try (RouterServer restarted = RouterServer.start(config("r-drop-c"), kafka.bootstrapServers(),
                Clock.systemUTC())) {
            for (String unit : before.keySet()) {
                HttpResponse<String> answer = ask(restarted, "dropping", unit);
                assertThat(answer.statusCode()).as(unit).isEqualTo(200);
                assertThat(answer.headers().firstValue("sluice-arm")).as(unit).contains(before.get(unit));
            }
        }
    }

    @Test
    void freshnessIsMeasuredFromTheRewardToThePosteriorInUse() throws Exception {
        try (RouterServer router = RouterServer.start(config("r-fresh"), kafka.bootstrapServers(), Clock.systemUTC())) {
            long before = router.posteriorFreshness().histogram().getTotalCount();
            publishPosteriors("fresh", Map.of("left", new double[] {5, 5}), 50);

            await().atMost(TIMEOUT).until(() -> router.posteriorFreshness().histogram().getTotalCount() > before);
            assertThat(router.experiments().find("fresh").orElseThrow().thompson().orElseThrow().policyVersion())
                    .contains("left:50");
        }
    }

    @Test
    void aPausedArmGetsNoUnitsOnAnyRouterItsUnitsMoveWithExactPropensitiesAndAResumeLiftsIt() throws Exception {
        try (RouterServer a = RouterServer.start(config("r-pause-a"), kafka.bootstrapServers(), Clock.systemUTC());
             RouterServer b = RouterServer.start(config("r-pause-b"), kafka.bootstrapServers(), Clock.systemUTC())) {
            Map<String, String> before = new HashMap<>();
            for (int c = 0; c < 40; c++) {
                before.put("pause-" + c, ask(a, "bandit", "pause-" + c).headers().firstValue("sluice-arm").orElseThrow());
            }
            assertThat(before.values()).contains("large");

            HttpResponse<String> paused = admin(a, "POST", "/admin/experiments/bandit/arms/large/pause",
                    "{\"reason\": \"p95 latency tripled\"}", ADMIN_TOKEN);
            long acknowledged = System.nanoTime();
            assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
            JsonNode view = SluiceJson.fromJson(paused.body(), JsonNode.class);
            assertThat(view.at("/controls/paused_arms/0").asText()).isEqualTo("large");
            assertThat(view.at("/arms/2/paused").asBoolean()).isTrue();
            assertThat(view.at("/arms/2/propensity").asDouble()).isZero();
            assertThat(view.at("/arms/0/propensity").asDouble() + view.at("/arms/1/propensity").asDouble())
                    .isCloseTo(1.0, within(1e-9));
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(5))
                    .until(() -> b.experiments().find("bandit").orElseThrow().controls().isPaused("large"));
            System.out.printf("a pause acknowledged by router a was in force on router b after %.0f ms%n",
                    (System.nanoTime() - acknowledged) / 1e6);

            for (RouterServer router : List.of(a, b)) {
                for (String unit : before.keySet()) {
                    HttpResponse<String> answer = ask(router, "bandit", unit);
                    assertThat(answer.statusCode()).as(unit).isEqualTo(200);
                    String arm = answer.headers().firstValue("sluice-arm").orElseThrow();
                    assertThat(arm).as(unit).isNotEqualTo("large");
                    if (!before.get(unit).equals("large")) {
                        assertThat(arm).as("a unit of a serving arm stays").isEqualTo(before.get(unit));
                    }
                }
                for (int c = 0; c < 20; c++) {
                    assertThat(ask(router, "bandit", "new-" + c).headers().firstValue("sluice-arm")).isNotEqualTo(
                            Optional.of("large"));
                }
            }
            var policy = a.experiments().find("bandit").orElseThrow().thompson().orElseThrow();
            await().atMost(TIMEOUT).untilAsserted(() -> {
                List<Exposure> moved = exposures("bandit").stream()
                        .filter(e -> e.policyVersion().endsWith("/paused:large")).toList();
                assertThat(moved).isNotEmpty().allSatisfy(e -> {
                    assertThat(e.arm()).isNotEqualTo("large");
                    assertThat(e.propensity()).isEqualTo(policy.propensity(e.arm()));
                });
            });

            assertThat(admin(b, "POST", "/admin/experiments/bandit/arms/large/resume", null, ADMIN_TOKEN).statusCode())
                    .isEqualTo(200);
            await().atMost(TIMEOUT).until(() -> !a.experiments().find("bandit").orElseThrow().controls().isPaused("large"));
            Set<String> arms = new HashSet<>();
            for (int c = 0; c < 60; c++) {
                arms.add(ask(a, "bandit", "after-" + c).headers().firstValue("sluice-arm").orElseThrow());
            }
            assertThat(arms).as("new units reach the resumed arm again").contains("large");
        }
    }

    @Test
    void aRollbackServesTheControlArmOutsideTheExperimentUntilRestored() throws Exception {
        String fixed = """
                {"unit": "user", "unit_fallback": [], "arms": [{"name": "old", "model": "m1", "weight": 1},
                 {"name": "new", "model": "m2", "weight": 1}, {"name": "newer", "model": "m3", "weight": 2}],
                 "reward": {"signals": {"thumbs_up": 1}}}""";
        try (RouterServer a = RouterServer.start(config("r-roll-a"), kafka.bootstrapServers(), Clock.systemUTC())) {
            assertThat(admin(a, "PUT", "/admin/experiments/rolling", fixed, ADMIN_TOKEN).statusCode()).isEqualTo(200);
            assertThat(admin(a, "POST", "/admin/experiments/rolling/arms/newer/pause", null, ADMIN_TOKEN).statusCode())
                    .isEqualTo(200);
            for (int u = 0; u < 40; u++) {
                assertThat(askAs(a, "rolling", "user-" + u).headers().firstValue("sluice-arm")).isNotEqualTo(
                        Optional.of("newer"));
            }
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(exposures("rolling")).hasSizeGreaterThanOrEqualTo(40)
                    .allSatisfy(e -> {
                        assertThat(e.propensity()).as("1 of the serving weight 2").isEqualTo(0.5);
                        assertThat(e.policyVersion()).endsWith("/paused:newer");
                    }));

            HttpResponse<String> rolled = admin(a, "POST", "/admin/experiments/rolling/rollback", null, ADMIN_TOKEN);
            assertThat(rolled.statusCode()).as(rolled.body()).isEqualTo(200);
            assertThat(SluiceJson.fromJson(rolled.body(), JsonNode.class).at("/controls/rolled_back").asBoolean()).isTrue();
            for (int u = 0; u < 20; u++) {
                assertThat(askAs(a, "rolling", "user-" + u).headers().firstValue("sluice-arm")).contains("old");
            }
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(exposures("rolling").stream()
                    .filter(e -> e.policyVersion().startsWith("rollback@")).toList()).hasSize(20).allSatisfy(e -> {
                        assertThat(e.inExperiment()).isFalse();
                        assertThat(e.propensity()).isEqualTo(1.0);
                    }));

            assertThat(admin(a, "POST", "/admin/experiments/rolling/restore", null, ADMIN_TOKEN).statusCode())
                    .isEqualTo(200);
            Set<String> arms = new HashSet<>();
            for (int u = 0; u < 40; u++) {
                arms.add(askAs(a, "rolling", "user-" + u).headers().firstValue("sluice-arm").orElseThrow());
            }
            assertThat(arms).containsExactlyInAnyOrder("old", "new");
        }
        try (RouterServer restarted = RouterServer.start(config("r-roll-b"), kafka.bootstrapServers(),
                Clock.systemUTC())) {
            assertThat(restarted.experiments().find("rolling").orElseThrow().controls().paused())
                    .as("a starting router reads the controls in force").containsExactly("newer");
        }
    }

    @Test
    void controlsThatCannotApplyAreRefusedWithTheFieldNamed() throws Exception {
        try (RouterServer a = RouterServer.start(config("r-bad-control"), kafka.bootstrapServers(), Clock.systemUTC())) {
            assertThat(admin(a, "POST", "/admin/experiments/bandit/arms/large/pause", null, null).statusCode())
                    .isEqualTo(401);
            HttpResponse<String> control = admin(a, "POST", "/admin/experiments/bandit/arms/small/pause", null,
                    ADMIN_TOKEN);
            assertThat(control.statusCode()).isEqualTo(400);
            assertThat(control.body()).contains("\"param\":\"arm\"", "control arm");
            HttpResponse<String> noArm = admin(a, "POST", "/admin/experiments/bandit/arms/huge/pause", null, ADMIN_TOKEN);
            assertThat(noArm.statusCode()).isEqualTo(404);
            assertThat(noArm.body()).contains("\"param\":\"arm\"", "huge");
            assertThat(admin(a, "POST", "/admin/experiments/nope/rollback", null, ADMIN_TOKEN).statusCode())
                    .isEqualTo(404);
            HttpResponse<String> badReason = admin(a, "POST", "/admin/experiments/bandit/rollback",
                    "{\"reason\": 7}", ADMIN_TOKEN);
            assertThat(badReason.statusCode()).isEqualTo(400);
            assertThat(badReason.body()).contains("\"param\":\"reason\"");
            HttpResponse<String> wrongMethod = admin(a, "GET", "/admin/experiments/bandit/rollback", null, ADMIN_TOKEN);
            assertThat(wrongMethod.statusCode()).isEqualTo(405);
            assertThat(wrongMethod.headers().firstValue("allow")).contains("POST");
            assertThat(a.experiments().find("bandit").orElseThrow().controls().isEmpty()).isTrue();
        }
    }

    static HttpResponse<String> askAs(RouterServer router, String model, String user) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + router.port() + "/v1/chat/completions"))
                .header("content-type", "application/json")
                .header("Sluice-User", user)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}

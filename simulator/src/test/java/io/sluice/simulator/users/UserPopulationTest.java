package io.sluice.simulator.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.simulator.annotators.AnnotatorConfig;
import io.sluice.simulator.annotators.AnnotatorPopulation;
import io.sluice.simulator.annotators.AnnotatorSnapshot;
import io.sluice.simulator.upstream.ReceivedRequest;
import io.sluice.simulator.upstream.SimulatedUpstream;
import io.sluice.simulator.users.StandInRouter.Arm;
import io.sluice.simulator.users.StandInRouter.Feedback;
import io.sluice.simulator.users.StandInRouter.Forwarded;
import io.sluice.simulator.world.SimulatorConfig;
import io.sluice.simulator.world.Variant;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The user population end to end: the official SDK against a stand-in router in front of a real
 * simulated upstream, all over HTTP on 127.0.0.1.
 */
class UserPopulationTest {
    private static final String APP_KEY = "sk-the-app";
    private static final String MODEL = "sim-support";
    private static final List<Arm> ARMS = List.of(
            new Arm("weak", "Answer briefly."),
            new Arm("strong", "Be helpful and cite the relevant policy."));
    private static final SimulatorConfig WORLD = SimulatorConfig.builder()
            .expectedApiKey(StandInRouter.UPSTREAM_KEY)
            .addVariant(Variant.builder().name("strong").systemPromptContains("cite the relevant policy")
                    .quality(0.85).instant().build())
            .addVariant(Variant.builder().name("weak").systemPromptContains("Answer briefly")
                    .quality(0.30).instant().build())
            .defaultVariant(Variant.builder().instant().build())
            .build();

    /** Users named so that the stand-in router puts some on each arm. */
    private static PopulationConfig.Builder population(String routerUrl) {
        return PopulationConfig.builder()
                .routerUrl(routerUrl)
                .apiKey(APP_KEY)
                .experiment(StandInRouter.EXPERIMENT)
                .users(4)
                .seed(3);
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ARunOfConversations {
        private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
        private SimulatedUpstream upstream;
        private StandInRouter router;
        private PopulationSnapshot snapshot;
        private final List<RouterAnswer> heard = new CopyOnWriteArrayList<>();
        private AnnotatorSnapshot annotated;

        @BeforeAll
        void run() throws Exception {
            upstream = SimulatedUpstream.start(WORLD);
            router = new StandInRouter(upstream, MODEL, ARMS).start();
            try (AnnotatorPopulation annotators = AnnotatorPopulation.start(AnnotatorConfig.builder()
                         .routerUrl(router.url()).labelRate(1.0).build(), requestId -> true);
                 UserPopulation users = new UserPopulation(population(router.url())
                    .requestBudget(80)
                    .streamingFraction(0.5)
                    .systemPrompt("You are the support bot of an online shoe shop.")
                    .build(), Clock.fixed(NOW, ZoneOffset.UTC))
                    .onAnswer(heard::add)
                    .onAnswer(answer -> annotators.offer(answer.requestId(), answer.content()))
                    .start()) {
                assertThat(users.awaitFinished(Duration.ofSeconds(30))).isTrue();
                snapshot = users.snapshot();
                assertThat(annotators.awaitIdle(Duration.ofSeconds(10))).isTrue();
                annotated = annotators.snapshot();
            }
        }

        @Test
        void everyAnswerReachesTheAnswerListenersAndTheAnnotatorsLabelIt() {
            Set<String> given = router.forwarded().stream().map(Forwarded::requestId).collect(Collectors.toSet());

            assertThat(heard).hasSize((int) snapshot.answers());
            assertThat(heard).extracting(RouterAnswer::requestId).allMatch(given::contains);
            assertThat(router.labels()).hasSize((int) snapshot.answers());
            assertThat(router.labels()).extracting(StandInRouter.PostedLabel::requestId)
                    .containsExactlyInAnyOrderElementsOf(heard.stream().map(RouterAnswer::requestId).toList());
            assertThat(router.labels()).allSatisfy(l -> assertThat(l.label()).isBetween(1, 5));
            assertThat(annotated.labelsSent()).isEqualTo(snapshot.answers());
        }

        @AfterAll
        void stop() throws Exception {
            router.close();
            upstream.close();
        }

        @Test
        void everyRequestCarriesTheUserAndConversationHeadersAndTheUserField() {
            List<Forwarded> forwarded = router.forwarded();

            assertThat(forwarded).hasSize(80);
            assertThat(snapshot.requests()).isEqualTo(80);
            assertThat(forwarded).allSatisfy(f -> {
                assertThat(f.userHeader()).matches("user-\\d{4}");
                assertThat(f.userField()).isEqualTo(f.userHeader());
                assertThat(f.conversationHeader()).startsWith(f.userHeader() + "-c");
                assertThat(f.authorization()).isEqualTo("Bearer " + APP_KEY);
            });
            assertThat(forwarded.stream().map(Forwarded::userHeader).distinct()).hasSize(4);
        }

        @Test
        void conversationsRunSeveralTurnsWithTheirHistory() {
            Map<String, Long> requestsPerConversation = router.forwarded().stream()
                    .collect(Collectors.groupingBy(Forwarded::conversationHeader, Collectors.counting()));

            assertThat(requestsPerConversation.values()).anySatisfy(n -> assertThat(n).isGreaterThan(1));
            ReceivedRequest longest = upstream.received().all().stream()
                    .max((a, b) -> Integer.compare(a.messages().size(), b.messages().size()))
                    .orElseThrow();
            assertThat(longest.messages()).extracting(m -> m.role()).startsWith("system", "user", "assistant");
            assertThat(longest.bearerToken()).contains(StandInRouter.UPSTREAM_KEY);
        }

        @Test
        void aShareOfRequestsStreams() {
            long streamed = router.forwarded().stream().filter(Forwarded::streaming).count();

            assertThat(streamed).isBetween(20L, 60L);
            assertThat(snapshot.streamedRequests()).isEqualTo(streamed);
        }

        @Test
        void feedbackNamesOnlyRequestIdsTheRouterGaveOut() {
            Set<String> given = router.forwarded().stream().map(Forwarded::requestId).collect(Collectors.toSet());
            List<Feedback> feedback = router.feedback();

            assertThat(feedback).isNotEmpty();
            assertThat(feedback).allSatisfy(f -> {
                assertThat(given).contains(f.body().get("request_id").asText());
                assertThat(Instant.parse(f.body().get("timestamp").asText())).isEqualTo(NOW);
                assertThat(f.authorization()).isEqualTo("Bearer " + APP_KEY);
            });
            Set<String> wireNames = Arrays.stream(FeedbackSignal.values()).map(FeedbackSignal::wireName)
                    .collect(Collectors.toSet());
            assertThat(feedback).extracting(f -> f.body().get("signal").asText()).allMatch(wireNames::contains)
                    .contains("continued");
            assertThat(feedback).filteredOn(f -> f.body().get("signal").asText().equals("score"))
                    .allSatisfy(f -> assertThat(f.body().get("value").asDouble()).isBetween(1.0, 5.0));
            assertThat(feedback).filteredOn(f -> !f.body().get("signal").asText().equals("score"))
                    .allSatisfy(f -> assertThat(f.body().has("value")).isFalse());
        }

        @Test
        void theStatsCountWhatTheRouterSaw() {
            Map<String, Long> perArm = router.forwarded().stream()
                    .collect(Collectors.groupingBy(Forwarded::arm, Collectors.counting()));

            assertThat(snapshot.answersByArm()).isEqualTo(perArm);
            assertThat(snapshot.errors()).isZero();
            assertThat(snapshot.feedbackFailures()).isZero();
            assertThat(snapshot.feedbackBySignal().values().stream().mapToLong(Long::longValue).sum())
                    .isEqualTo(router.feedback().size());
            assertThat(snapshot.progressLine()).contains("requests 80").contains("weak").contains("strong");
        }
    }

    @Test
    void theBetterArmEarnsAHigherThumbsUpRate() throws Exception {
        try (SimulatedUpstream upstream = SimulatedUpstream.start(WORLD);
             StandInRouter router = new StandInRouter(upstream, MODEL, ARMS).start();
             UserPopulation users = new UserPopulation(population(router.url())
                     .users(6)
                     .requestBudget(400)
                     .streamingFraction(0.2)
                     .feedback(FeedbackModel.builder().explicitRate(0.8).build())
                     .build()).start()) {
            assertThat(users.awaitFinished(Duration.ofSeconds(40))).isTrue();

            Map<String, String> armOfRequest = router.forwarded().stream()
                    .collect(Collectors.toMap(Forwarded::requestId, Forwarded::arm));
            Map<String, Double> upRate = thumbsUpRateByArm(router.feedback(), armOfRequest::get);
            assertThat(upRate.get("strong")).isGreaterThan(upRate.get("weak") + 0.3);

            PopulationSnapshot snapshot = users.snapshot();
            assertThat(snapshot.thumbsUpRate("strong")).isEqualTo(upRate.get("strong"));
            assertThat(snapshot.meanQualityByArm().get("strong")).isGreaterThan(snapshot.meanQualityByArm().get("weak"));
            assertThat(snapshot.feedback("weak", FeedbackSignal.RETRY))
                    .isGreaterThan(snapshot.feedback("strong", FeedbackSignal.RETRY));
        }
    }

    private static Map<String, Double> thumbsUpRateByArm(List<Feedback> feedback, Function<String, String> armOf) {
        return feedback.stream()
                .filter(f -> f.body().get("signal").asText().startsWith("thumbs_"))
                .collect(Collectors.groupingBy(f -> armOf.apply(f.body().get("request_id").asText()),
                        Collectors.averagingDouble(f -> f.body().get("signal").asText().equals("thumbs_up") ? 1 : 0)));
    }

    @Test
    void stopEndsEveryUserPromptly() throws Exception {
        try (SimulatedUpstream upstream = SimulatedUpstream.start(WORLD);
             StandInRouter router = new StandInRouter(upstream, MODEL, ARMS).start()) {
            UserPopulation users = new UserPopulation(population(router.url())
                    .thinkTime(Duration.ofMillis(200))
                    .build()).start();
            await().atMost(Duration.ofSeconds(10)).until(() -> users.snapshot().requests() >= 8);

            long before = System.nanoTime();
            users.close();
            Duration took = Duration.ofNanos(System.nanoTime() - before);

            assertThat(took).isLessThan(Duration.ofSeconds(2));
            assertThat(users.isRunning()).isFalse();
            long sent = router.forwarded().size();
            Thread.sleep(300);
            assertThat(router.forwarded()).hasSize((int) sent);
        }
    }
}

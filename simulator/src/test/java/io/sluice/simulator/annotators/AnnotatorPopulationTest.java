package io.sluice.simulator.annotators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.sluice.simulator.quality.QualityMark;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Simulated annotators posting labels over HTTP to a stand-in for the router's labels API. */
class AnnotatorPopulationTest {

    private static String answer(int i) {
        return QualityMark.append("Answer number " + i + ".", quality(i));
    }

    private static double quality(int i) {
        return (i * 37 % 101) / 100.0;
    }

    @Test
    void labelsReachTheEndpointWithEachAnnotatorsNoise() throws Exception {
        try (StandInLabelsEndpoint endpoint = new StandInLabelsEndpoint(202, Duration.ZERO).start();
             AnnotatorPopulation annotators = AnnotatorPopulation.start(AnnotatorConfig.builder()
                     .routerUrl(endpoint.url()).apiKey("sk-annotate").annotatorNoise(List.of(0.0, 1.0))
                     .labelRate(1.0).labelsPerRequest(2).build(), id -> true)) {
            Map<String, Double> truth = new HashMap<>();
            for (int i = 0; i < 300; i++) {
                assertThat(annotators.offer("req-" + i, answer(i))).isTrue();
                truth.put("req-" + i, quality(i));
            }
            assertThat(annotators.awaitIdle(Duration.ofSeconds(20))).isTrue();

            List<StandInLabelsEndpoint.Posted> posted = endpoint.posted();
            assertThat(posted).hasSize(600);
            assertThat(posted).allSatisfy(p -> {
                assertThat(p.body().fieldNames()).toIterable().containsExactly("request_id", "annotator", "label");
                assertThat(p.body().get("label").isInt()).isTrue();
                assertThat(p.authorization()).isEqualTo("Bearer sk-annotate");
            });
            double exactError = meanSquaredError(posted, "annotator-0", truth);
            double noisyError = meanSquaredError(posted, "annotator-1", truth);
            // Rounding alone gives 1/12; σ = 1 adds about 1 before clamping to the scale takes some back.
            assertThat(exactError).isLessThan(0.1);
            assertThat(Math.sqrt(noisyError)).isCloseTo(0.95, within(0.2));

            AnnotatorSnapshot snapshot = annotators.snapshot();
            assertThat(snapshot.labelsSent()).isEqualTo(600);
            assertThat(snapshot.failures()).isZero();
            assertThat(snapshot.labelsByAnnotator()).containsEntry("annotator-0", 300L).containsEntry("annotator-1", 300L);
        }
    }

    private static double meanSquaredError(List<StandInLabelsEndpoint.Posted> posted, String annotator,
                                           Map<String, Double> truth) {
        return posted.stream().map(StandInLabelsEndpoint.Posted::body)
                .filter(b -> b.get("annotator").asText().equals(annotator))
                .mapToDouble(b -> {
                    double expected = 1 + 4 * truth.get(b.get("request_id").asText());
                    double error = b.get("label").asInt() - expected;
                    return error * error;
                })
                .average().orElseThrow();
    }

    @Test
    void onlyEligibleRequestsAreLabelledAtTheRateTheSameOnesEveryRun() throws Exception {
        AnnotatorConfig config = AnnotatorConfig.builder().labelRate(0.5).routerUrl("http://127.0.0.1:1").build();
        Set<String> first = sampled(config);
        Set<String> second = sampled(config);

        assertThat(first).isEqualTo(second);
        assertThat(first).allMatch(id -> Integer.parseInt(id.substring(4)) % 2 == 0);
        assertThat(first.size()).isBetween(200, 300);
    }

    private static Set<String> sampled(AnnotatorConfig config) {
        LabelAssignment assignment = new LabelAssignment(config);
        return java.util.stream.IntStream.range(0, 1000).mapToObj(i -> "req-" + i)
                .filter(id -> Integer.parseInt(id.substring(4)) % 2 == 0)
                .filter(id -> !assignment.labellersOf(id).isEmpty())
                .collect(Collectors.toSet());
    }

    @Test
    void answersWithoutAQualityMarkOrOutsideThePredicateAreNotLabelled() throws Exception {
        try (StandInLabelsEndpoint endpoint = new StandInLabelsEndpoint(202, Duration.ZERO).start();
             AnnotatorPopulation annotators = AnnotatorPopulation.start(AnnotatorConfig.builder()
                     .routerUrl(endpoint.url()).labelRate(1.0).build(), id -> id.startsWith("judged-"))) {
            assertThat(annotators.offer("judged-1", "No mark here.")).isFalse();
            assertThat(annotators.offer("other-1", answer(1))).isFalse();
            assertThat(annotators.offer(null, answer(2))).isFalse();
            assertThat(annotators.offer("judged-2", answer(2))).isTrue();
            assertThat(annotators.awaitIdle(Duration.ofSeconds(10))).isTrue();

            AnnotatorSnapshot snapshot = annotators.snapshot();
            assertThat(snapshot.offered()).isEqualTo(4);
            assertThat(snapshot.sampled()).isEqualTo(2);
            assertThat(snapshot.unmarked()).isEqualTo(1);
            assertThat(endpoint.posted()).extracting(p -> p.body().get("request_id").asText())
                    .containsExactly("judged-2");
        }
    }

    @Test
    void refusedLabelsAreCountedAsFailures() throws Exception {
        try (StandInLabelsEndpoint endpoint = new StandInLabelsEndpoint(400, Duration.ZERO).start();
             AnnotatorPopulation annotators = AnnotatorPopulation.start(AnnotatorConfig.builder()
                     .routerUrl(endpoint.url()).labelRate(1.0).build(), id -> true)) {
            annotators.offer("req-1", answer(1));
            annotators.offer("req-2", answer(2));
            assertThat(annotators.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(annotators.snapshot().failures()).isEqualTo(2);
            assertThat(annotators.snapshot().labelsSent()).isZero();
        }
    }

    @Test
    void stopReturnsPromptlyWithAPostInFlight() throws Exception {
        try (StandInLabelsEndpoint endpoint = new StandInLabelsEndpoint(202, Duration.ofSeconds(20)).start()) {
            AnnotatorPopulation annotators = AnnotatorPopulation.start(AnnotatorConfig.builder()
                    .routerUrl(endpoint.url()).labelRate(1.0).build(), id -> true);
            annotators.offer("req-1", answer(1));
            annotators.offer("req-2", answer(2));
            await().atMost(Duration.ofSeconds(5)).until(() -> !endpoint.posted().isEmpty());

            long before = System.nanoTime();
            annotators.stop();
            assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(2));
            assertThat(annotators.isRunning()).isFalse();
            assertThat(annotators.offer("req-3", answer(3))).isFalse();
            assertThat(annotators.snapshot().dropped()).isEqualTo(1);
        }
    }

    @Test
    void theConfigurationReadsFromYamlAndNamesEveryProblem() {
        AnnotatorConfig config = AnnotatorConfig.fromYaml("""
                router_url: http://127.0.0.1:8080
                annotator_noise: [0.2, 0.4]
                label_rate: 0.25
                """);
        assertThat(config.annotators()).extracting(Annotator::name).containsExactly("annotator-0", "annotator-1");
        assertThat(config.scaleMin()).isEqualTo(1);
        assertThat(config.scaleMax()).isEqualTo(5);
        assertThat(config.problems()).isEmpty();

        AnnotatorConfig bad = AnnotatorConfig.fromYaml("""
                annotator_noise: [-1]
                label_rate: 2
                labels_per_request: 3
                scale_min: 5
                scale_max: 1
                """);
        assertThat(bad.problems()).anySatisfy(p -> assertThat(p).startsWith("router_url"))
                .anySatisfy(p -> assertThat(p).startsWith("annotator_noise[0]"))
                .anySatisfy(p -> assertThat(p).startsWith("label_rate"))
                .anySatisfy(p -> assertThat(p).startsWith("labels_per_request"))
                .anySatisfy(p -> assertThat(p).startsWith("scale_max"));
    }
}

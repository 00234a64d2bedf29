package io.sluice.router.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.core.event.DeadLetter;
import io.sluice.core.event.DeadLetterCause;
import io.sluice.core.topic.TopicNames;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeadLetterTallyTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final DeadLetterTally tally = new DeadLetterTally(registry, new TopicNames("prod."));

    @Test
    void theUnmatchedSeriesExistAtZeroBeforeTheFirstDeadLetter() {
        assertThat(registry.scrape()).contains(
                "sluice_router_dead_letters_total{cause=\"unmatched_reward\",source=\"rewards\"} 0.0",
                "sluice_router_dead_letters_total{cause=\"unmatched_reward\",source=\"judge-scores\"} 0.0",
                "sluice_router_dead_letters_total{cause=\"unmatched_label\",source=\"labels\"} 0.0",
                "sluice_router_dead_letters_total{cause=\"late_reward\",source=\"rewards\"} 0.0");
        assertThat(tally.unmatchedRewards()).isZero();
        assertThat(tally.unmatchedLabels()).isZero();
        assertThat(tally.lateRewards()).isZero();
    }

    @Test
    void deadLettersAreCountedBySourceWithoutThePrefixAndByCause() {
        tally.count(deadLetter("prod.rewards", DeadLetterCause.UNMATCHED_REWARD));
        tally.count(deadLetter("prod.rewards", DeadLetterCause.UNMATCHED_REWARD));
        tally.count(deadLetter("prod.judge-scores", DeadLetterCause.UNMATCHED_REWARD));
        tally.count(deadLetter("prod.labels", DeadLetterCause.UNMATCHED_LABEL));
        tally.count(deadLetter("prod.exposures", DeadLetterCause.UNREADABLE));
        tally.count(deadLetter("prod.rewards", DeadLetterCause.LATE_REWARD));
        tally.count(deadLetter("elsewhere.rewards", null));

        assertThat(tally.unmatchedRewards()).as("feedback and judge scores that met no decision").isEqualTo(3);
        assertThat(tally.unmatchedLabels()).isEqualTo(1);
        assertThat(tally.lateRewards()).isEqualTo(1);
        assertThat(registry.scrape()).contains(
                "sluice_router_dead_letters_total{cause=\"late_reward\",source=\"rewards\"} 1.0",
                "sluice_router_dead_letters_total{cause=\"unmatched_reward\",source=\"rewards\"} 2.0",
                "sluice_router_dead_letters_total{cause=\"unmatched_reward\",source=\"judge-scores\"} 1.0",
                "sluice_router_dead_letters_total{cause=\"unmatched_label\",source=\"labels\"} 1.0",
                "sluice_router_dead_letters_total{cause=\"unreadable\",source=\"exposures\"} 1.0",
                "sluice_router_dead_letters_total{cause=\"unclassified\",source=\"elsewhere.rewards\"} 1.0");
    }

    private static DeadLetter deadLetter(String sourceTopic, DeadLetterCause cause) {
        return new DeadLetter(1, sourceTopic, -1, -1, "req_00000000000000000000000000000001",
                "{}".getBytes(StandardCharsets.UTF_8), "why", cause, "test-job", T0);
    }
}

package io.sluice.router.experiment;

import io.sluice.core.event.Control;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.event.Assignment;
import io.sluice.core.event.PosteriorSnapshot;
import io.sluice.core.experiment.ExperimentSpec;
import io.sluice.core.experiment.ExperimentSpecReader;
import io.sluice.core.json.SluiceJson;
import io.sluice.router.metrics.RouterMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies what every router shares through its topics — experiment specs, controls, posteriors,
 * sticky assignments, alerts — to this router's state. Posteriors are applied per batch: the policies of
 * the experiments a batch touched are rebuilt once, and only then does a posterior count as
 * applied (for freshness).
 */
public final class SharedStateFeed {
    private static final Logger LOG = LoggerFactory.getLogger(SharedStateFeed.class);

    private final ExperimentRegistry experiments;
    private final PosteriorBoard posteriors;
    private final StickyAssignments assignments;
    private final PosteriorFreshness freshness;
    private final RecentAlerts alerts;
    private final Clock clock;
    private final Set<String> touched = new HashSet<>();
    private final List<Instant> rewardsAccepted = new ArrayList<>();

    private final RouterMetrics metrics;

    public SharedStateFeed(ExperimentRegistry experiments, PosteriorBoard posteriors, StickyAssignments assignments,
            PosteriorFreshness freshness, RecentAlerts alerts, RouterMetrics metrics, Clock clock) {
        this.alerts = alerts;
        this.metrics = metrics;
        this.experiments = experiments;
        this.posteriors = posteriors;
        this.assignments = assignments;
        this.freshness = freshness;
        this.clock = clock;
    }

    public void experiment(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            LOG.warn("ignored the removal of experiment '{}': a router keeps serving what it has", record.key());
            return;
        }
        ExperimentSpec spec = ExperimentSpecReader.fromJson(json(record), "experiments record " + record.key());
        experiments.put(spec);
        metrics.experiments(List.of(spec));
    }

    public void posterior(ConsumerRecord<String, byte[]> record) {
        PosteriorSnapshot snapshot = decode(record, PosteriorSnapshot.class);
        if (posteriors.apply(snapshot)) {
            touched.add(snapshot.experiment());
            if (snapshot.lastRewardAt() != null) {
                rewardsAccepted.add(snapshot.lastRewardAt());
            }
        }
    }

    public void alert(ConsumerRecord<String, byte[]> record) {
        alerts.add(decode(record, io.sluice.core.event.Alert.class));
    }

    public void control(ConsumerRecord<String, byte[]> record) {
        experiments.control(decode(record, Control.class));
    }

    public void assignment(ConsumerRecord<String, byte[]> record) {
        assignments.learn(decode(record, Assignment.class));
    }

    /** Rebuilds the touched experiments' policies, then records how fresh their posteriors are. */
    public void afterBatch() {
        if (touched.isEmpty()) {
            return;
        }
        experiments.refresh(touched);
        Instant applied = clock.instant();
        rewardsAccepted.forEach(accepted -> freshness.record(accepted, applied));
        touched.clear();
        rewardsAccepted.clear();
    }

    private static JsonNode json(ConsumerRecord<String, byte[]> record) {
        try {
            return SluiceJson.mapper().readTree(record.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T decode(ConsumerRecord<String, byte[]> record, Class<T> type) {
        try {
            return SluiceJson.fromBytes(record.value(), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

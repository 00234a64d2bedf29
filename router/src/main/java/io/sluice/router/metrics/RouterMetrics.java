package io.sluice.router.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sluice.core.event.CallOutcome;
import io.sluice.core.event.UnitType;
import io.sluice.core.experiment.ArmSpec;
import io.sluice.core.experiment.ExperimentSpec;
import io.sluice.core.topic.Topic;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * The router's own meters, beside the HTTP and JVM meters Vert.x and Micrometer provide. Every
 * series the router can know in advance exists from the start at zero, so a dashboard's rate of
 * errors reads 0 rather than "no data" and an alert on it can fire on the first one.
 */
public final class RouterMetrics {
    /** The topics the router writes. */
    public static final List<Topic> WRITTEN = List.of(Topic.EXPERIMENTS, Topic.EXPOSURES, Topic.ASSIGNMENTS,
            Topic.TRACES, Topic.REWARDS, Topic.LABELS);

    private final MeterRegistry registry;

    public RouterMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Topic topic : WRITTEN) {
            published(topic, 0);
            failed(topic, 0);
        }
        for (CallOutcome outcome : CallOutcome.values()) {
            passthrough(outcome, 0);
        }
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Registers the series of these experiments' arms and fallback units at zero. */
    public void experiments(Collection<ExperimentSpec> specs) {
        for (ExperimentSpec spec : specs) {
            for (ArmSpec arm : spec.arms()) {
                for (CallOutcome outcome : CallOutcome.values()) {
                    requests(spec.name(), arm.name(), outcome);
                }
                latency(spec.name(), arm.name());
            }
            for (UnitType fallback : spec.unitFallback()) {
                fallbacks(spec.name(), fallback);
            }
        }
    }

    public void decision(String experiment, String arm, CallOutcome outcome, Duration latency) {
        requests(experiment, arm, outcome).increment();
        latency(experiment, arm).record(latency);
    }

    public void unitFallback(String experiment, UnitType used) {
        fallbacks(experiment, used).increment();
    }

    public void passthrough(CallOutcome outcome) {
        passthrough(outcome, 1);
    }

    public void rejected(String endpoint, String code) {
        Counter.builder("sluice.router.rejected")
                .description("Requests refused with a 4xx before reaching the upstream or a topic")
                .tags("endpoint", endpoint, "code", code == null ? "none" : code)
                .register(registry)
                .increment();
    }

    public void published(Topic topic) {
        published(topic, 1);
    }

    public void publishFailed(Topic topic) {
        failed(topic, 1);
    }

    private Counter requests(String experiment, String arm, CallOutcome outcome) {
        return Counter.builder("sluice.router.requests")
                .description("Experiment requests by arm and how the upstream call ended")
                .tags("experiment", experiment, "arm", arm, "outcome", outcome.name().toLowerCase())
                .register(registry);
    }

    private Timer latency(String experiment, String arm) {
        return Timer.builder("sluice.router.request.latency")
                .description("From decision to the last byte relayed to the app")
                .tags("experiment", experiment, "arm", arm)
                .publishPercentileHistogram()
                .register(registry);
    }

    private Counter fallbacks(String experiment, UnitType used) {
        return Counter.builder("sluice.router.unit.fallbacks")
                .description("Decisions randomized by a fallback unit because the request lacked the experiment's own")
                .tags("experiment", experiment, "unit_type", used.wireName())
                .register(registry);
    }

    private void passthrough(CallOutcome outcome, int count) {
        Counter.builder("sluice.router.passthrough")
                .description("Requests for models that name no experiment, forwarded unchanged")
                .tags("outcome", outcome.name().toLowerCase())
                .register(registry)
                .increment(count);
    }

    private void published(Topic topic, int count) {
        Counter.builder("sluice.router.events.published")
                .description("Events acknowledged by Kafka")
                .tags("topic", topic.suffix())
                .register(registry)
                .increment(count);
    }

    private void failed(Topic topic, int count) {
        Counter.builder("sluice.router.events.failed")
                .description("Events Kafka did not acknowledge")
                .tags("topic", topic.suffix())
                .register(registry)
                .increment(count);
    }
}

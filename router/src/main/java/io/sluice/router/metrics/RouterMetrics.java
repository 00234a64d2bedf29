package io.sluice.router.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sluice.core.event.CallOutcome;
import io.sluice.core.topic.Topic;
import java.time.Duration;

/** The router's own meters, beside the HTTP and JVM meters Vert.x and Micrometer provide. */
public final class RouterMetrics {
    private final MeterRegistry registry;

    public RouterMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void decision(String experiment, String arm, CallOutcome outcome, Duration latency) {
        Counter.builder("sluice.router.requests")
                .description("Experiment requests by arm and how the upstream call ended")
                .tags("experiment", experiment, "arm", arm, "outcome", outcome.name().toLowerCase())
                .register(registry)
                .increment();
        Timer.builder("sluice.router.request.latency")
                .description("From decision to the last byte relayed to the app")
                .tags("experiment", experiment, "arm", arm)
                .publishPercentileHistogram()
                .register(registry)
                .record(latency);
    }

    public void passthrough(CallOutcome outcome) {
        Counter.builder("sluice.router.passthrough")
                .description("Requests for models that name no experiment, forwarded unchanged")
                .tags("outcome", outcome.name().toLowerCase())
                .register(registry)
                .increment();
    }

    public void rejected(String endpoint, String code) {
        Counter.builder("sluice.router.rejected")
                .description("Requests refused with a 4xx before reaching the upstream or a topic")
                .tags("endpoint", endpoint, "code", code == null ? "none" : code)
                .register(registry)
                .increment();
    }

    public void published(Topic topic) {
        Counter.builder("sluice.router.events.published")
                .description("Events acknowledged by Kafka")
                .tags("topic", topic.suffix())
                .register(registry)
                .increment();
    }

    public void publishFailed(Topic topic) {
        Counter.builder("sluice.router.events.failed")
                .description("Events Kafka did not acknowledge")
                .tags("topic", topic.suffix())
                .register(registry)
                .increment();
    }
}

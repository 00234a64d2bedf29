package io.sluice.flink;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.sluice.core.event.CallOutcome;
import io.sluice.core.event.Exposure;
import io.sluice.core.event.Outcome;
import io.sluice.core.event.PolicyType;
import io.sluice.core.event.Reward;
import io.sluice.core.event.SchemaVersion;
import io.sluice.core.event.Signal;
import io.sluice.core.event.UnitType;
import io.sluice.core.experiment.ExperimentSpec;
import io.sluice.core.experiment.ExperimentSpecReader;
import io.sluice.core.json.SluiceJson;
import io.sluice.flink.experiments.JobSpec;
import io.sluice.flink.experiments.SpecChange;
import io.sluice.flink.serde.Decoded;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;

/** Fixed instants and small factories shared by the tests of the learning path. */
public abstract class LoopFixtures {
    /** When the story of every test begins. */
    protected static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    protected static final Duration WINDOW = Duration.ofMinutes(10);

    protected static final String CHECKOUT = "checkout";

    /** Thumbs up is a success, thumbs down a failure; a 10-minute window; default reward 0. */
    protected static final String THUMBS = """
            {"signals": {"thumbs_up": 1, "thumbs_down": 0}, "attribution_window": "10m"}""";

    protected static Instant at(Duration sinceT0) {
        return T0.plus(sinceT0);
    }

    protected static Instant seconds(long s) {
        return T0.plusSeconds(s);
    }

    protected static long millis(Instant instant) {
        return instant.toEpochMilli();
    }

    /** A Thompson experiment over arms a and b with this reward definition, as the router publishes it. */
    protected static String specJson(String experiment, String reward) {
        return specJson(experiment, reward, "{\"type\": \"thompson\"}");
    }

    protected static String specJson(String experiment, String reward, String policy) {
        String json = """
                {"schema_version": 1, "name": "%s", "unit": "user", "policy": %s,
                 "arms": [{"name": "a", "model": "sim-a"}, {"name": "b", "model": "sim-b"}],
                 "reward": %s}""".formatted(experiment, policy, reward);
        try {
            ExperimentSpec spec = ExperimentSpecReader.fromJson(SluiceJson.mapper().readTree(json), "test spec");
            return SluiceJson.toJson(spec);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static SpecChange spec(String experiment, String reward) {
        return new SpecChange(experiment, jobSpec(specJson(experiment, reward)));
    }

    /** A spec, written as JSON, as its change reaches the functions. */
    protected static SpecChange specChange(String experiment, String json) {
        return new SpecChange(experiment, jobSpec(json));
    }

    /** A spec's JSON as the jobs receive it from their source: validated, in its typed form. */
    protected static JobSpec jobSpec(String json) {
        try {
            return JobSpec.of(ExperimentSpecReader.fromJson(SluiceJson.mapper().readTree(json), "test spec"));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static Exposure exposure(String requestId, String experiment, String arm, Instant decidedAt) {
        return exposure(requestId, experiment, arm, decidedAt, true);
    }

    protected static Exposure exposure(String requestId, String experiment, String arm, Instant decidedAt,
            boolean inExperiment) {
        return new Exposure(SchemaVersion.CURRENT, requestId, experiment, arm, UnitType.USER, "user-" + requestId,
                inExperiment ? 0.5 : 1.0, PolicyType.THOMPSON, "a:1,b:1", inExperiment, "sim-" + arm, false,
                decidedAt, CallOutcome.OK, 200, 120, 12, 40);
    }

    /** A signal without a value, accepted by the router a quarter second after the user acted. */
    protected static Reward reward(String requestId, Signal signal, Instant occurredAt) {
        return new Reward(SchemaVersion.CURRENT, requestId, signal, null, occurredAt, occurredAt.plusMillis(250));
    }

    protected static Reward score(String requestId, double value, Instant occurredAt) {
        return new Reward(SchemaVersion.CURRENT, requestId, Signal.SCORE, value, occurredAt,
                occurredAt.plusMillis(250));
    }

    protected static Outcome outcome(String requestId, String experiment, String arm, double reward,
            Instant settledAt, boolean inExperiment) {
        return new Outcome(SchemaVersion.CURRENT, requestId, experiment, arm, "user-" + requestId, 0.5, "a:1,b:1",
                inExperiment, reward, true, 1, settledAt.minus(WINDOW), settledAt, settledAt.minus(WINDOW));
    }

    protected static Decoded decoded(Exposure exposure) {
        return Decoded.of(exposure);
    }

    protected static Decoded decoded(Reward reward) {
        return Decoded.of(reward);
    }

    /** What a harness emitted on a side output, in order; empty when nothing was. */
    /** The values of type {@code type} a harness emitted on its main output, in order. */
    protected static <T> List<T> output(AbstractStreamOperatorTestHarness<?> harness, Class<T> type) {
        List<T> values = new ArrayList<>();
        for (Object record : harness.getOutput()) {
            if (record instanceof StreamRecord<?> r && type.isInstance(r.getValue())) {
                values.add(type.cast(r.getValue()));
            }
        }
        return values;
    }

    protected static <T> List<T> sideOutput(AbstractStreamOperatorTestHarness<?> harness, OutputTag<T> tag) {
        Queue<StreamRecord<T>> records = harness.getSideOutput(tag);
        List<T> values = new ArrayList<>();
        if (records != null) {
            records.forEach(r -> values.add(r.getValue()));
        }
        return values;
    }
}

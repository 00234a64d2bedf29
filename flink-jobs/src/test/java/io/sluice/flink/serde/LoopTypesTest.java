package io.sluice.flink.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.event.DeadLetter;
import io.sluice.core.event.JudgeScore;
import io.sluice.core.event.Outcome;
import io.sluice.core.event.PosteriorFamily;
import io.sluice.core.event.PosteriorSnapshot;
import io.sluice.core.event.Signal;
import io.sluice.flink.LoopFixtures;
import io.sluice.flink.experiments.SpecChange;
import io.sluice.flink.rewardjoin.JoinEvent;
import io.sluice.flink.rewardjoin.RequestJoin;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * The job runs with {@code pipeline.generic-types: false}: every type that crosses an operator or
 * sits in state must be a POJO Flink serializes itself, or the job does not even start.
 */
class LoopTypesTest extends LoopFixtures {

    @Test
    void everyTypeCrossingOperatorsOrKeptInStateRoundTripsWithoutKryo() throws Exception {
        List<Object> values = List.of(
                Decoded.of(exposure("r1", CHECKOUT, "a", T0)),
                Decoded.of(reward("r1", Signal.THUMBS_UP, seconds(1))),
                Decoded.of(score("r1", 0.5, seconds(2))),
                Decoded.of(specChange(CHECKOUT, specJson(CHECKOUT, THUMBS))),
                Decoded.of(SpecChange.deletion(CHECKOUT)),
                specChange(CHECKOUT, specJson(CHECKOUT, THUMBS)),
                Decoded.of(new DeadLetter(1, "t", 0, 1, null, "x".getBytes(StandardCharsets.UTF_8), "bad",
                        io.sluice.core.event.DeadLetterCause.UNREADABLE, "c", T0)),
                outcome("r1", CHECKOUT, "a", 1.0, seconds(600), true),
                new Outcome(1, "r2", CHECKOUT, "a", "u", 1.0, "v", false, 0.0, false, 0, T0, seconds(600), null),
                new PosteriorSnapshot(1, CHECKOUT, "a", 3, PosteriorFamily.BETA, 2, 3, 0, 0, 0, 0, 3, 1, T0, null),
                new RequestJoin(exposure("r1", CHECKOUT, "a", T0), List.of(reward("r1", Signal.THUMBS_UP, seconds(1)),
                        reward("r1", Signal.COPY, seconds(2))), List.of(new JudgeScore(1, "r1", CHECKOUT, "a", "f1",
                        java.util.Map.of("clarity", 4.0), 4.0, 3.5, 2L, List.of("addresses_judge"), null, 40, seconds(3))),
                        true),
                new RequestJoin(null, List.of(), List.of(), false),
                JoinEvent.of(exposure("r1", CHECKOUT, "a", T0)),
                JoinEvent.of(reward("r1", Signal.THUMBS_UP, seconds(1))),
                // The guardrails job's: its samples, streaks, unit counts, rollout state and the typed
                // spec with guardrails and a rollout.
                Decoded.of(new io.sluice.core.event.Control(1, CHECKOUT, null,
                        io.sluice.core.event.ControlAction.ADVANCE, "ramp", "guardrails", T0, 2)),
                io.sluice.flink.guardrails.GuardrailSample.of(exposure("r1", CHECKOUT, "a", T0)),
                new io.sluice.flink.guardrails.GuardrailStreak(2, 0, true),
                new io.sluice.flink.guardrails.UnitCounts(java.util.Map.of("a", 3L), java.util.Map.of("a", 0.5), 1.5),
                new io.sluice.flink.guardrails.SampleRatioFunction.SampleRatio(0.3, java.util.Map.of("a", 3L),
                        java.util.Map.of("a", 2.5), 1L, 2L, false),
                new io.sluice.flink.guardrails.RolloutFunction.RolloutState(List.of("b"), false, 1, 5L, 2),
                new io.sluice.flink.guardrails.WindowSummary(CHECKOUT, 60_000L, true,
                        new io.sluice.flink.experiments.JobSpec.Rollout(List.of(0.1, 1.0), 600_000L, 3)),
                jobSpec("""
                        {"schema_version": 1, "name": "g", "unit": "user",
                         "arms": [{"name": "a", "model": "m"}, {"name": "b", "model": "n"}],
                         "reward": {"signals": {"thumbs_up": 1}},
                         "prices": {"m": {"input_per_million_tokens_usd": 1, "output_per_million_tokens_usd": 2},
                                    "n": {"input_per_million_tokens_usd": 1, "output_per_million_tokens_usd": 2}},
                         "rollout": {"steps": [0.1, 0.5, 1.0], "min_step_duration": "1m", "clean_windows": 2},
                         "guardrails": [{"metric": "cost_per_request_usd", "max_ratio_to_control": 1.5,
                                         "window": "1m", "action": "pause"}]}"""));
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);

        for (Object value : values) {
            @SuppressWarnings("unchecked")
            TypeInformation<Object> type = (TypeInformation<Object>) TypeInformation.of(value.getClass());
            assertThat(type).as(value.getClass().getSimpleName()).isInstanceOf(PojoTypeInfo.class);
            TypeSerializer<Object> serializer = type.createSerializer(config);
            DataOutputSerializer out = new DataOutputSerializer(256);
            serializer.serialize(value, out);
            Object back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
            assertThat(back).as(value.getClass().getSimpleName()).isEqualTo(value);
            assertThat(serializer.copy(value)).isEqualTo(value);
        }
    }
}

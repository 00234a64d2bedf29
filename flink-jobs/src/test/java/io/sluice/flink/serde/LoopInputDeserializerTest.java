package io.sluice.flink.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.event.DeadLetter;
import io.sluice.core.event.Exposure;
import io.sluice.core.event.Reward;
import io.sluice.core.event.Signal;
import io.sluice.core.json.SluiceJson;
import io.sluice.flink.LoopFixtures;
import io.sluice.flink.experiments.SpecChange;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class LoopInputDeserializerTest extends LoopFixtures {
    private static final Clock CLOCK = Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC);

    @Test
    void aGoodExposureIsDecodedWithItsEventTime() {
        Exposure exposure = exposure("r1", CHECKOUT, "a", T0);

        Decoded decoded = read(LoopInput.EXPOSURES, "test.exposures", "r1", SluiceJson.toBytes(exposure));

        assertThat(decoded.exposure()).isEqualTo(exposure);
        assertThat(decoded.eventTime()).contains(T0);
    }

    @Test
    void aGoodRewardIsDecodedWithTheTimeTheUserActed() {
        Reward reward = reward("r1", Signal.THUMBS_UP, seconds(30));

        Decoded decoded = read(LoopInput.REWARDS, "test.rewards", "r1", SluiceJson.toBytes(reward));

        assertThat(decoded.reward()).isEqualTo(reward);
        assertThat(decoded.eventTime()).contains(seconds(30));
    }

    @Test
    void malformedJsonBecomesADeadLetterWithItsPlaceAndOriginalBytes() {
        byte[] garbage = "{\"request_id\": \"r1\", oops".getBytes(StandardCharsets.UTF_8);

        DeadLetter dead = read(LoopInput.REWARDS, "test.rewards", "r1", garbage).deadLetter();

        assertThat(dead.sourceTopic()).isEqualTo("test.rewards");
        assertThat(dead.partition()).isEqualTo(1);
        assertThat(dead.offset()).isEqualTo(42);
        assertThat(dead.key()).isEqualTo("r1");
        assertThat(dead.original()).isEqualTo(garbage);
        assertThat(dead.reason()).startsWith("unreadable reward: ");
        assertThat(dead.consumer()).isEqualTo("test-loop");
        assertThat(dead.failedAt()).isEqualTo(CLOCK.instant());
    }

    @Test
    void aRecordMissingARequiredFieldIsRejectedNamingTheField() {
        String json = SluiceJson.toJson(exposure("r1", CHECKOUT, "a", T0)).replace("\"request_id\":\"r1\",", "");

        DeadLetter dead = read(LoopInput.EXPOSURES, "test.exposures", "r1", json.getBytes(StandardCharsets.UTF_8))
                .deadLetter();

        assertThat(dead.reason()).contains("request_id: required");
    }

    @Test
    void aRewardTimeNoWatermarkCanHoldIsADeadLetterNotAFailure() {
        String json = SluiceJson.toJson(reward("r1", Signal.THUMBS_UP, T0))
                .replace("\"occurred_at\":\"" + T0 + "\"", "\"occurred_at\":\"-999999999-01-01T00:00:00Z\"");

        DeadLetter dead = read(LoopInput.REWARDS, "test.rewards", "r1", json.getBytes(StandardCharsets.UTF_8))
                .deadLetter();

        assertThat(dead.reason()).contains("occurred_at: must be between");
    }

    @Test
    void aScoreWhoseSquareOverflowsIsADeadLetter() {
        String json = SluiceJson.toJson(reward("r1", Signal.THUMBS_UP, T0))
                .replace("\"signal\":\"thumbs_up\"", "\"signal\":\"score\",\"value\":1.7976931348623157e308");

        DeadLetter dead = read(LoopInput.REWARDS, "test.rewards", "r1", json.getBytes(StandardCharsets.UTF_8))
                .deadLetter();

        assertThat(dead.reason()).contains("value: must be within");
    }

    @Test
    void aRecordOfAnUnknownSchemaVersionIsRejected() {
        String json = SluiceJson.toJson(reward("r1", Signal.THUMBS_UP, T0))
                .replace("\"schema_version\":1", "\"schema_version\":7");

        DeadLetter dead = read(LoopInput.REWARDS, "test.rewards", "r1", json.getBytes(StandardCharsets.UTF_8))
                .deadLetter();

        assertThat(dead.reason()).contains("unsupported schema_version 7");
    }

    @Test
    void aRecordWithoutAValueOnAnEventTopicIsADeadLetter() {
        DeadLetter dead = read(LoopInput.EXPOSURES, "test.exposures", "r1", null).deadLetter();

        assertThat(dead.original()).isEmpty();
        assertThat(dead.reason()).contains("without a value");
    }

    @Test
    void aValidSpecIsPassedOnInItsTypedForm() {
        String json = specJson(CHECKOUT, THUMBS);

        SpecChange change = read(LoopInput.EXPERIMENTS, "test.experiments", CHECKOUT,
                json.getBytes(StandardCharsets.UTF_8)).spec();

        assertThat(change).isEqualTo(specChange(CHECKOUT, json));
    }

    @Test
    void aSpecTombstoneRemovesTheExperiment() {
        SpecChange change = read(LoopInput.EXPERIMENTS, "test.experiments", CHECKOUT, null).spec();

        assertThat(change.isDeletion()).isTrue();
        assertThat(change.experiment()).isEqualTo(CHECKOUT);
    }

    @Test
    void anInvalidSpecIsADeadLetterListingItsProblems() {
        String json = specJson(CHECKOUT, THUMBS).replace("\"attribution_window\":\"10m\"", "\"attribution_window\":\"-3\"");

        DeadLetter dead = read(LoopInput.EXPERIMENTS, "test.experiments", CHECKOUT,
                json.getBytes(StandardCharsets.UTF_8)).deadLetter();

        assertThat(dead.reason()).startsWith("invalid experiment spec").contains("attribution_window");
    }

    @Test
    void aSpecUnderAnotherExperimentsKeyIsADeadLetter() {
        DeadLetter dead = read(LoopInput.EXPERIMENTS, "test.experiments", "other",
                specJson(CHECKOUT, THUMBS).getBytes(StandardCharsets.UTF_8)).deadLetter();

        assertThat(dead.reason()).contains("does not match");
    }

    private static Decoded read(LoopInput input, String topic, String key, byte[] value) {
        LoopInputDeserializer deserializer = new LoopInputDeserializer(input, "test-loop", CLOCK);
        deserializer.open(null);
        List<Decoded> out = new ArrayList<>();
        deserializer.deserialize(new ConsumerRecord<>(topic, 1, 42, key.getBytes(StandardCharsets.UTF_8), value),
                new ListCollector<>(out));
        assertThat(out).hasSize(1);
        return out.get(0);
    }
}

package io.sluice.flink.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.calibration.CalibrationCurve;
import io.sluice.core.event.Calibration;
import io.sluice.core.event.EventBounds;
import io.sluice.core.event.Exposure;
import io.sluice.core.event.JudgeScore;
import io.sluice.core.event.Trace;
import io.sluice.core.event.Reward;
import io.sluice.core.experiment.NormalPrior;
import io.sluice.core.posterior.ArmPosterior;
import io.sluice.core.event.PosteriorSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Random valid-looking records, with extreme times, huge and non-finite numbers, odd ids and
 * unknown signals, through the bandit loop's decoder and what the job then does with them. The
 * property is the contract of the learning path: the decoder never throws, and a record it
 * accepts can be processed (its event time becomes a watermark, its value a finite posterior),
 * while anything else is a dead letter with a reason.
 */
class LoopInputFuzzTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

    @Property(tries = 1500)
    void everyRewardTheDecoderAcceptsCanBeProcessed(@ForAll("rewards") String json) {
        Decoded decoded = decode(LoopInput.REWARDS, "fuzz.rewards", json);
        if (!accepted(decoded)) {
            return;
        }
        Reward reward = decoded.reward();
        assertThat(reward).as(json).isNotNull();
        long watermark = decoded.eventTime().orElseThrow().toEpochMilli();
        assertThat(watermark).isNotEqualTo(Long.MIN_VALUE);
        if (reward.value() != null) {
            // An unbounded experiment's posterior takes the value as it is: it must stay finite.
            ArmPosterior posterior = ArmPosterior.normal(new NormalPrior(0, 1, 1, 1));
            for (int i = 0; i < 1000; i++) {
                posterior = posterior.update(reward.value());
            }
            PosteriorSnapshot snapshot = posterior.snapshot("e", "a", 1, Instant.ofEpochMilli(watermark), null);
            assertThat(List.of(snapshot.mean(), snapshot.precision(), snapshot.shape(), snapshot.rate(),
                    snapshot.rewardSum())).as(json).allMatch(Double::isFinite);
        }
    }

    @Property(tries = 1500)
    void everyExposureTheDecoderAcceptsCanBeProcessed(@ForAll("exposures") String json) {
        Decoded decoded = decode(LoopInput.EXPOSURES, "fuzz.exposures", json);
        if (!accepted(decoded)) {
            return;
        }
        Exposure exposure = decoded.exposure();
        assertThat(exposure).as(json).isNotNull();
        assertThat(exposure.propensity()).isBetween(0.0, 1.0);
        decoded.eventTime().orElseThrow().toEpochMilli();
        // The join settles the window after the decision: that sum must not overflow either.
        Math.addExact(exposure.decidedAt().toEpochMilli(), java.time.Duration.ofDays(30).toMillis());
    }

    @Property(tries = 800)
    void everyJudgeScoreTheDecoderAcceptsCanBeProcessed(@ForAll("judgeScores") String json) {
        Decoded decoded = decode(LoopInput.JUDGE_SCORES, "fuzz.judge-scores", json);
        if (!accepted(decoded)) {
            return;
        }
        JudgeScore score = decoded.judgeScore();
        assertThat(score).as(json).isNotNull();
        decoded.eventTime().orElseThrow().toEpochMilli();
        // The reward join learns from the calibrated score, else the raw one; the agreement job
        // pairs the raw one with labels. Either must keep a posterior finite.
        List<Double> used = new ArrayList<>(score.axes().values());
        if (!score.failed()) {
            used.add(score.rawScore());
        }
        if (score.calibratedScore() != null) {
            used.add(score.calibratedScore());
        }
        for (double value : used) {
            ArmPosterior posterior = ArmPosterior.normal(new NormalPrior(0, 1, 1, 1));
            for (int i = 0; i < 1000; i++) {
                posterior = posterior.update(value);
            }
            PosteriorSnapshot snapshot = posterior.snapshot("e", "a", 1, CLOCK.instant(), null);
            assertThat(List.of(snapshot.mean(), snapshot.precision(), snapshot.rate())).as(json)
                    .allMatch(Double::isFinite);
        }
    }

    @Property(tries = 500)
    void everyLabelTheDecoderAcceptsHasAWatermarkableTime(@ForAll("labels") String json) {
        Decoded decoded = decode(LoopInput.LABELS, "fuzz.labels", json);
        if (!accepted(decoded)) {
            return;
        }
        assertThat(decoded.label()).as(json).isNotNull();
        // The pair deadline is the receipt plus the pair TTL: that sum must not overflow.
        Math.addExact(decoded.eventTime().orElseThrow().toEpochMilli(), java.time.Duration.ofDays(30).toMillis());
    }

    @Property(tries = 500)
    void everyTraceTheDecoderAcceptsHasAWatermarkableTime(@ForAll("traces") String json) {
        Decoded decoded = decode(LoopInput.TRACES, "fuzz.traces", json);
        if (!accepted(decoded)) {
            return;
        }
        Trace trace = decoded.trace();
        assertThat(trace).as(json).isNotNull();
        assertThat(trace.messages()).allMatch(m -> m.content() != null);
        decoded.eventTime().orElseThrow().toEpochMilli();
    }

    @Property(tries = 500)
    void everyCalibrationTheDecoderAcceptsMapsEveryScoreToABoundedOne(@ForAll("calibrations") String json,
            @ForAll("scoreValues") double raw) {
        Decoded decoded = decode(LoopInput.CALIBRATION, "fuzz.calibration", "f1", json);
        if (!accepted(decoded)) {
            return;
        }
        Calibration calibration = decoded.calibration().calibration();
        // The judge stamps each verdict with the calibrated score: it must be a score a verdict may carry.
        double calibrated = CalibrationCurve.of(calibration).apply(raw);
        assertThat(calibrated).as(json).isFinite();
        assertThat(Math.abs(calibrated)).isLessThanOrEqualTo(EventBounds.MAX_ABS_SCORE);
    }

    /**
     * Counts the record for the coverage check (enough valid ones to matter); one refused must be a
     * dead letter that says why. True when the decoder accepted it.
     */
    private static boolean accepted(Decoded decoded) {
        Statistics.collect(decoded.deadLetter() == null ? "accepted" : "dead letter");
        Statistics.coverage(coverage -> coverage.check("accepted").percentage(p -> p > 5));
        if (decoded.deadLetter() != null) {
            assertThat(decoded.deadLetter().reason()).isNotBlank();
            return false;
        }
        return true;
    }

    private static Decoded decode(LoopInput input, String topic, String json) {
        return decode(input, topic, "k", json);
    }

    private static Decoded decode(LoopInput input, String topic, String key, String json) {
        LoopInputDeserializer deserializer = new LoopInputDeserializer(input, "fuzz-loop", CLOCK);
        deserializer.open(null);
        List<Decoded> out = new ArrayList<>();
        deserializer.deserialize(new ConsumerRecord<>(topic, 0, 1, key.getBytes(StandardCharsets.UTF_8),
                json.getBytes(StandardCharsets.UTF_8)), new ListCollector<>(out));
        assertThat(out).as(json).hasSize(1);
        return out.get(0);
    }

    /** A JSON value: a string, a number token (as written, so 1e999 stays 1e999), null or junk. */
    private static Arbitrary<String> times() {
        Arbitrary<String> instants = Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond())
                .map(s -> "\"" + Instant.ofEpochSecond(s) + "\"");
        Arbitrary<String> near = Arbitraries.longs().between(-10L * 365 * 86400, 10L * 365 * 86400)
                .map(s -> "\"" + CLOCK.instant().plusSeconds(s) + "\"");
        return Arbitraries.frequencyOf(Tuple.of(2, instants), Tuple.of(6, near), Tuple.of(2, Arbitraries.of("\"-999999999-01-01T00:00:00+18:00\"",
                "\"+1000000000-12-31T23:59:59Z\"", "\"1970-01-01T00:00:00Z\"", "\"yesterday\"", "null", "0",
                "-9223372036854775808")));
    }

    private static Arbitrary<String> numbers() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.doubles().map(d -> Double.toString(d))),
                Tuple.of(3, Arbitraries.doubles().between(-2e9, 2e9).map(d -> Double.toString(d))),
                Tuple.of(4, Arbitraries.of("1.7976931348623157e308", "-1.7976931348623157e308", "1e309", "-1e309", "4.9e-324",
                        "1e9", "-1e9", "1000000000.5", "0", "-0.0", "1", "\"high\"", "null", "[]", "{}")));
    }

    private static Arbitrary<String> ids() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.strings().ofMinLength(1).ofMaxLength(40).map(s -> "\"" + escape(s) + "\"")),
                Tuple.of(4, Arbitraries.of("\"req_0123456789abcdef0123456789abcdef\"", "\"\"", "null", "7")));
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Provide
    Arbitrary<String> rewards() {
        // Half scores with a number, half other signals mostly without: enough valid records to matter.
        Arbitrary<String> scored = numbers().map(value -> "\"score\",\"value\":" + value);
        Arbitrary<String> unscored = Combinators.combine(
                Arbitraries.of("\"thumbs_up\"", "\"thumbs_down\"", "\"judge\"", "\"copy\"", "\"smile\"", "null", "3"),
                Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just("null")), Tuple.of(2, numbers())))
                .as((signal, value) -> signal + ",\"value\":" + value);
        Arbitrary<String> signals = Arbitraries.oneOf(scored, unscored);
        Arbitrary<String> versions = Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.just("1")),
                Tuple.of(1, Arbitraries.of("2", "0", "\"1\"")));
        return Combinators.combine(versions, ids(), signals, times(), times())
                .as((version, id, signal, occurred, received) -> "{\"schema_version\":" + version
                        + ",\"request_id\":" + id + ",\"signal\":" + signal
                        + ",\"occurred_at\":" + occurred + ",\"received_at\":" + received + "}");
    }

    @Provide
    Arbitrary<Double> scoreValues() {
        return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.doubles().between(-10, 10)),
                Tuple.of(4, Arbitraries.of(-EventBounds.MAX_ABS_SCORE, EventBounds.MAX_ABS_SCORE, 0.0, 3.0)));
    }

    @Provide
    Arbitrary<String> judgeScores() {
        Arbitrary<String> verdicts = Arbitraries.frequencyOf(
                Tuple.of(6, numbers().map(raw -> "\"raw_score\":" + raw + ",\"failure\":null")),
                Tuple.of(2, Arbitraries.of("\"raw_score\":null,\"failure\":\"timeout\"",
                        "\"raw_score\":3,\"failure\":\"timeout\"", "\"raw_score\":null,\"failure\":null")));
        Arbitrary<String> calibrated = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.just("\"calibrated_score\":null,\"calibration_version\":null")),
                Tuple.of(4, numbers().map(c -> "\"calibrated_score\":" + c + ",\"calibration_version\":2")),
                Tuple.of(1, Arbitraries.just("\"calibrated_score\":3.5,\"calibration_version\":null")));
        Arbitrary<String> axes = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just("{}")),
                Tuple.of(4, numbers().map(a -> "{\"clarity\":" + a + "}")));
        return Combinators.combine(ids(), verdicts, calibrated, axes, times())
                .as((id, verdict, calibration, axis, judged) -> "{\"schema_version\":1,\"request_id\":" + id
                        + ",\"experiment\":\"checkout\",\"arm\":\"a\",\"fingerprint\":\"f1\",\"axes\":" + axis
                        + "," + verdict + "," + calibration + ",\"flags\":[],\"latency_ms\":12,\"judged_at\":"
                        + judged + "}");
    }

    @Provide
    Arbitrary<String> labels() {
        Arbitrary<String> grades = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.integers().between(-2, 8)
                .map(i -> Integer.toString(i))), Tuple.of(4, numbers()));
        return Combinators.combine(ids(), ids(), grades, times())
                .as((id, annotator, grade, received) -> "{\"schema_version\":1,\"request_id\":" + id
                        + ",\"annotator\":" + annotator + ",\"label\":" + grade + ",\"received_at\":" + received
                        + "}");
    }

    @Provide
    Arbitrary<String> traces() {
        Arbitrary<String> messages = Arbitraries.frequencyOf(
                Tuple.of(6, ids().map(content -> "[{\"role\":\"user\",\"content\":" + content + "}]")),
                Tuple.of(4, Arbitraries.of("[]", "null", "[{\"role\":null,\"content\":\"hi\"}]", "[null]", "{}")));
        return Combinators.combine(ids(), messages, ids(), times())
                .as((id, sent, response, decided) -> "{\"schema_version\":1,\"request_id\":" + id
                        + ",\"experiment\":\"checkout\",\"arm\":\"a\",\"upstream_model\":\"m\",\"decided_at\":"
                        + decided + ",\"messages\":" + sent + ",\"response\":" + response
                        + ",\"finish_reason\":\"stop\",\"latency_ms\":40}");
    }

    @Provide
    Arbitrary<String> calibrations() {
        Arbitrary<String> junk = numbers().list().ofMinSize(0).ofMaxSize(4).map(List::toString);
        Arbitrary<String[]> ordered = Arbitraries.integers().between(1, 4).flatMap(size -> Combinators.combine(
                sortedPoints(size), sortedPoints(size)).as((raw, labels) -> new String[] {raw, labels}));
        Arbitrary<String[]> points = Arbitraries.frequencyOf(Tuple.of(7, ordered),
                Tuple.of(3, Combinators.combine(junk, junk).as((raw, labels) -> new String[] {raw, labels})));
        return points.map(pair -> "{\"schema_version\":1,\"fingerprint\":\"f1\",\"version\":3,\"raw_scores\":"
                + pair[0] + ",\"labels\":" + pair[1] + ",\"label_count\":40,\"fitted_at\":\"2026-11-23T10:00:00Z\"}");
    }

    /** Strictly increasing points, now and then beyond the score bound. */
    private static Arbitrary<String> sortedPoints(int size) {
        Arbitrary<Double> point = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.doubles().between(-10, 10)),
                Tuple.of(2, Arbitraries.doubles().between(-2e9, 2e9)));
        return point.set().ofSize(size).map(set -> set.stream().sorted().map(d -> Double.toString(d)).toList().toString());
    }

    @Provide
    Arbitrary<String> exposures() {
        Arbitrary<String> propensities = Arbitraries.frequencyOf(
                Tuple.of(7, Arbitraries.doubles().between(-0.5, 1.5).map(d -> Double.toString(d))),
                Tuple.of(3, Arbitraries.of("1e309", "0", "1", "0.5", "null")));
        Arbitrary<String> units = Arbitraries.of("\"user\"", "\"conversation\"", "\"request\"", "\"team\"");
        Arbitrary<String> latencies = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.longs().between(0, 100_000)
                .map(l -> Long.toString(l))), Tuple.of(2, numbers()));
        return Combinators.combine(ids(), units, propensities, times(), latencies,
                        Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.just("\"ok\"")), Tuple.of(1, Arbitraries.just("\"boom\""))))
                .as((id, unitType, propensity, decided, latency, outcome) -> "{\"schema_version\":1,\"request_id\":"
                        + id + ",\"experiment\":\"checkout\",\"arm\":\"a\",\"unit_type\":" + unitType
                        + ",\"unit\":\"u1\",\"propensity\":" + propensity + ",\"policy\":\"fixed\","
                        + "\"policy_version\":\"fixed@1\",\"in_experiment\":true,\"upstream_model\":\"m\","
                        + "\"stream\":false,\"decided_at\":" + decided + ",\"outcome\":" + outcome
                        + ",\"status\":200,\"latency_ms\":" + latency + "}");
    }
}

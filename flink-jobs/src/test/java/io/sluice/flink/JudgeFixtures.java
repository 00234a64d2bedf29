package io.sluice.flink;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.sluice.core.event.Calibration;
import io.sluice.core.event.JudgeScore;
import io.sluice.core.event.Label;
import io.sluice.core.event.SchemaVersion;
import io.sluice.core.event.Trace;
import io.sluice.core.event.TraceMessage;
import io.sluice.core.experiment.ExperimentSpec;
import io.sluice.core.experiment.ExperimentSpecReader;
import io.sluice.core.json.SluiceJson;
import io.sluice.flink.experiments.SpecChange;
import io.sluice.simulator.quality.QualityMark;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Judged experiments, traces of known quality, scores and labels, for the tests of the judge path. */
public abstract class JudgeFixtures extends LoopFixtures {
    /** The simulated judge model the specs name unless a test says otherwise. */
    protected static final String JUDGE_MODEL = "sim-judge";
    protected static final String FINGERPRINT = "fp-test-judge";

    /** The support-bot rubric's shape: three axes on a 1–5 scale. */
    protected static final String RUBRIC = """
            {"id": "support-bot", "version": 1, "scale": {"min": 1, "max": 5},
             "axes": [
               {"name": "clarity", "levels": {"1": "Confusing or vague", "5": "Direct and easy to follow"}},
               {"name": "accuracy", "levels": {"1": "Wrong policy or fact", "5": "Fully correct and complete"}},
               {"name": "policy_citation", "levels": {"1": "No citation", "5": "Exact policy cited"}}]}""";

    /** A generous budget: 1,000 judgments a minute, 10 million tokens an hour, 4 calls at once. */
    protected static final String AMPLE = """
            "judgments_per_minute": 1000, "tokens_per_hour": 10000000, "capacity": 4, "timeout": "10s",
            "max_retries": 1""";

    protected static final List<TraceMessage> CONVERSATION = List.of(
            new TraceMessage("system", "Be helpful, cite the relevant return or shipping policy."),
            new TraceMessage("user", "Hi, I'm Anna. My package hasn't arrived. It's been 8 days. Order #48213."));

    /**
     * An experiment over arms a and b whose every request is traced and judged by {@code model}
     * on {@link #RUBRIC}, with the judge settings {@code judge} (budget, capacity, timeout,
     * retries) and the reward definition {@code reward}.
     */
    protected static String judgedSpecJson(String experiment, String model, double sampleRate, String judge,
            String reward) {
        String json = """
                {"schema_version": 1, "name": "%s", "unit": "user", "policy": {"type": "thompson"},
                 "arms": [{"name": "a", "model": "sim-a"}, {"name": "b", "model": "sim-b"}],
                 "reward": %s, "trace_sample_rate": 1.0,
                 "judge": {"enabled": true, "model": "%s", "rubric": %s, "sample_rate": %s, %s}}"""
                .formatted(experiment, reward, model, RUBRIC, sampleRate, judge);
        return canonical(json);
    }

    protected static String judgedSpecJson(String experiment, String judge) {
        return judgedSpecJson(experiment, JUDGE_MODEL, 1.0, judge, THUMBS);
    }

    protected static SpecChange judgedSpec(String experiment, String judge) {
        return specChange(experiment, judgedSpecJson(experiment, judge));
    }

    protected static ExperimentSpec parse(String specJson) {
        try {
            return ExperimentSpecReader.fromJson(SluiceJson.mapper().readTree(specJson), "test spec");
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As the router publishes a spec: read, validated and written back. */
    private static String canonical(String json) {
        return SluiceJson.toJson(parse(json));
    }

    /**
     * A traced support answer of true quality {@code quality}, as the simulated upstream writes
     * it: wording that follows the quality, the quality mark last. The request id is in the text,
     * so every trace is a different answer to the simulated judge, with its own noise and timing.
     */
    protected static Trace trace(String requestId, String experiment, String arm, double quality, Instant decidedAt) {
        String body;
        if (quality >= 0.6) {
            body = "Hi Anna,\n\nI'm sorry your package hasn't shown up yet. Under our Shipping Policy (section 3.2), "
                    + "an order that has not arrived within 7 business days qualifies for a carrier trace. "
                    + "I've asked the carrier to open a trace on order #48213 (ticket " + requestId + ").";
        } else if (quality >= 0.35) {
            body = "Hello,\n\nThanks for letting us know your order hasn't reached you. I've pulled up order #48213 "
                    + "(ticket " + requestId + "). You'll get an email when the carrier updates the status.";
        } else {
            body = "Hello,\n\nSometimes packages take a little longer than expected (ticket " + requestId + "). "
                    + "Delivery times can vary.";
        }
        return new Trace(SchemaVersion.CURRENT, requestId, experiment, arm, "sim-" + arm, decidedAt, CONVERSATION,
                QualityMark.append(body, quality), "stop", 60, 50, 120);
    }

    protected static JudgeScore judgeScore(String requestId, String experiment, String fingerprint, double raw,
            Instant judgedAt) {
        return new JudgeScore(SchemaVersion.CURRENT, requestId, experiment, "a", fingerprint,
                Map.of("clarity", raw, "accuracy", raw, "policy_citation", raw), raw, null, null, List.of(), null,
                40, judgedAt);
    }

    protected static JudgeScore calibratedScore(String requestId, String experiment, String fingerprint, double raw,
            double calibrated, long version, Instant judgedAt) {
        return new JudgeScore(SchemaVersion.CURRENT, requestId, experiment, "a", fingerprint,
                Map.of("clarity", raw, "accuracy", raw, "policy_citation", raw), raw, calibrated, version, List.of(),
                null, 40, judgedAt);
    }

    protected static JudgeScore failedScore(String requestId, String experiment, String fingerprint, String failure,
            Instant judgedAt) {
        return new JudgeScore(SchemaVersion.CURRENT, requestId, experiment, "a", fingerprint, Map.of(), null, null,
                null, List.of(), failure, 40, judgedAt);
    }

    protected static Label label(String requestId, String annotator, int label, Instant receivedAt) {
        return new Label(SchemaVersion.CURRENT, requestId, annotator, label, receivedAt);
    }

    /** A calibration that maps raw 1..5 to {@code labels} at 1, 3 and 5. */
    protected static Calibration calibration(String fingerprint, long version, double at1, double at3, double at5) {
        return new Calibration(SchemaVersion.CURRENT, fingerprint, version, new double[] {1, 3, 5},
                new double[] {at1, at3, at5}, 100, T0);
    }
}

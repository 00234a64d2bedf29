package io.sluice.simulator.world;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A simulated judge model: requests for {@link #model()} are graded instead of answered. The
 * judge reads the true quality of the answer under judgement from its quality mark and errs in
 * the ways real judges are known to err, each by a configured amount, so that a test knows what
 * the judge-client, the calibration and the drift detectors are up against.
 *
 * @param model                   the model name requests must name exactly
 * @param noise                   standard deviation, in scale points, of the Gaussian error on
 *                                each axis (drawn per request, from a seed of the graded content)
 * @param positionBias            pairwise: the chance of naming the answer shown first the
 *                                winner whatever the qualities
 * @param verbosityBias           scale points added per 100 words an answer runs past
 *                                {@code verbosityReferenceWords} (and taken per 100 words short)
 * @param verbosityReferenceWords the answer length the verbosity bias counts from
 * @param tieMargin               pairwise: a difference in overall grade below this is a tie
 * @param driftOffset             scale points added to every grade once drift has started
 * @param driftAfter              time after the simulator starts when drift starts; null: only
 *                                when started at run time
 * @param injectionSusceptibility the chance of obeying an instruction to the judge that is not
 *                                clearly delimited as data (see the simulator's README)
 * @param refusalRate             the chance of refusing to grade at all
 * @param replyStyle              how the grade is written when the request asks for no
 *                                {@code response_format}: {@code json}, {@code fenced} (a
 *                                fenced JSON block between sentences) or {@code prose} (JSON
 *                                followed by an explanation)
 * @param latency                 time to answer
 * @param jitter                  half-width of the uniform spread on latency
 * @param errorRate               the chance of an OpenAI-shaped 500
 */
@JsonDeserialize(builder = JudgeProfile.Builder.class)
public record JudgeProfile(
        String model,
        double noise,
        double positionBias,
        double verbosityBias,
        int verbosityReferenceWords,
        double tieMargin,
        double driftOffset,
        Duration driftAfter,
        double injectionSusceptibility,
        double refusalRate,
        String replyStyle,
        Duration latency,
        Duration jitter,
        double errorRate) {

    /** The judge model of the presets. */
    public static final String DEFAULT_MODEL = "sim-judge";
    public static final List<String> REPLY_STYLES = List.of("json", "fenced", "prose");

    /** Every problem with this judge, each prefixed with {@code path}. Empty when valid. */
    public List<String> problems(String path) {
        List<String> problems = new ArrayList<>();
        if (model == null || model.isBlank()) problems.add(path + ".model: is required");
        if (!(noise >= 0)) problems.add(path + ".noise: must not be negative, was " + noise);
        probability(problems, path + ".position_bias", positionBias);
        probability(problems, path + ".injection_susceptibility", injectionSusceptibility);
        probability(problems, path + ".refusal_rate", refusalRate);
        probability(problems, path + ".error_rate", errorRate);
        if (!Double.isFinite(verbosityBias)) problems.add(path + ".verbosity_bias: must be a number");
        if (verbosityReferenceWords < 0) {
            problems.add(path + ".verbosity_reference_words: must not be negative, was " + verbosityReferenceWords);
        }
        if (!(tieMargin >= 0)) problems.add(path + ".tie_margin: must not be negative, was " + tieMargin);
        if (!Double.isFinite(driftOffset)) problems.add(path + ".drift_offset: must be a number");
        if (driftAfter != null && driftAfter.isNegative()) {
            problems.add(path + ".drift_after: must not be negative, was " + driftAfter);
        }
        if (replyStyle == null || !REPLY_STYLES.contains(replyStyle.toLowerCase(Locale.ROOT))) {
            problems.add(path + ".reply_style: must be one of " + REPLY_STYLES + ", was " + replyStyle);
        }
        nonNegative(problems, path + ".latency", latency);
        nonNegative(problems, path + ".jitter", jitter);
        return problems;
    }

    private static void probability(List<String> problems, String path, double p) {
        if (!(p >= 0 && p <= 1)) problems.add(path + ": must be in [0, 1], was " + p);
    }

    private static void nonNegative(List<String> problems, String path, Duration d) {
        if (d == null) {
            problems.add(path + ": is required");
        } else if (d.isNegative()) {
            problems.add(path + ": must not be negative, was " + d);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .model(model)
                .noise(noise)
                .positionBias(positionBias)
                .verbosityBias(verbosityBias)
                .verbosityReferenceWords(verbosityReferenceWords)
                .tieMargin(tieMargin)
                .driftOffset(driftOffset)
                .driftAfter(driftAfter)
                .injectionSusceptibility(injectionSusceptibility)
                .refusalRate(refusalRate)
                .replyStyle(replyStyle)
                .latency(latency)
                .jitter(jitter)
                .errorRate(errorRate);
    }

    /** The field initializers are the documented defaults. */
    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {
        private String model = DEFAULT_MODEL;
        private double noise = 0.3;
        private double positionBias = 0;
        private double verbosityBias = 0;
        private int verbosityReferenceWords = 60;
        private double tieMargin = 0.5;
        private double driftOffset = 1.0;
        private Duration driftAfter;
        private double injectionSusceptibility = 1.0;
        private double refusalRate = 0;
        private String replyStyle = "json";
        private Duration latency = Duration.ofMillis(80);
        private Duration jitter = Duration.ofMillis(20);
        private double errorRate = 0;

        public Builder model(String model) {
            this.model = model;
            return this;
        }

        public Builder noise(double noise) {
            this.noise = noise;
            return this;
        }

        public Builder positionBias(double positionBias) {
            this.positionBias = positionBias;
            return this;
        }

        public Builder verbosityBias(double verbosityBias) {
            this.verbosityBias = verbosityBias;
            return this;
        }

        public Builder verbosityReferenceWords(int words) {
            this.verbosityReferenceWords = words;
            return this;
        }

        public Builder tieMargin(double tieMargin) {
            this.tieMargin = tieMargin;
            return this;
        }

        public Builder driftOffset(double driftOffset) {
            this.driftOffset = driftOffset;
            return this;
        }

        public Builder driftAfter(Duration driftAfter) {
            this.driftAfter = driftAfter;
            return this;
        }

        public Builder injectionSusceptibility(double susceptibility) {
            this.injectionSusceptibility = susceptibility;
            return this;
        }

        public Builder refusalRate(double refusalRate) {
            this.refusalRate = refusalRate;
            return this;
        }

        public Builder replyStyle(String replyStyle) {
            this.replyStyle = replyStyle;
            return this;
        }

        public Builder latency(Duration latency) {
            this.latency = latency;
            return this;
        }

        public Builder jitter(Duration jitter) {
            this.jitter = jitter;
            return this;
        }

        public Builder errorRate(double errorRate) {
            this.errorRate = errorRate;
            return this;
        }

        /** Answers at once: for tests that measure nothing about time. */
        public Builder instant() {
            return latency(Duration.ZERO).jitter(Duration.ZERO);
        }

        public JudgeProfile build() {
            return new JudgeProfile(model, noise, positionBias, verbosityBias, verbosityReferenceWords, tieMargin,
                    driftOffset, driftAfter, injectionSusceptibility, refusalRate,
                    replyStyle == null ? null : replyStyle.toLowerCase(Locale.ROOT), latency, jitter, errorRate);
        }
    }
}

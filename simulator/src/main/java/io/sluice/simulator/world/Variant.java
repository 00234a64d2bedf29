package io.sluice.simulator.world;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One behaviour of the simulated upstream: which requests it answers (a model name, optionally
 * a phrase of the system prompt) and how (the mean true quality of its answers, their length,
 * how fast they come and how often the call fails).
 *
 * <p>The quality is what an experiment is supposed to discover: an arm whose prompt matches a
 * better variant should win, and by how much is known in advance.
 *
 * @param name                 a label for logs and received-request records; defaults to the model
 *                             and the prompt phrase
 * @param model                the model name it answers, exactly, or {@code *} for any
 * @param systemPromptContains a phrase the system prompt must contain (case-insensitive), or
 *                             null to match any prompt
 * @param quality              mean true quality of an answer, in [0, 1]
 * @param qualityConcentration how tightly a single answer's quality clusters around the mean:
 *                             the answer's quality is Beta(quality·c, (1−quality)·c)
 * @param latency              time to a complete non-streaming answer
 * @param jitter               half-width of the uniform spread added to latency and to the
 *                             time to first token
 * @param timeToFirstToken     delay before the first streamed chunk
 * @param chunkDelay           delay between streamed chunks
 * @param chunkWords           words per streamed chunk
 * @param errorRate            probability that a request fails with an OpenAI-shaped 500
 * @param minAnswerWords       shortest answer body, in words
 * @param maxAnswerWords       longest answer body, in words
 */
@JsonDeserialize(builder = Variant.Builder.class)
public record Variant(
        String name,
        String model,
        String systemPromptContains,
        double quality,
        double qualityConcentration,
        Duration latency,
        Duration jitter,
        Duration timeToFirstToken,
        Duration chunkDelay,
        int chunkWords,
        double errorRate,
        int minAnswerWords,
        int maxAnswerWords) {

    public static final String ANY_MODEL = "*";

    /** Whether this variant answers a request for {@code requestModel} with this system prompt. */
    public boolean matches(String requestModel, String systemPrompt) {
        if (!ANY_MODEL.equals(model) && !model.equals(requestModel)) {
            return false;
        }
        if (systemPromptContains == null || systemPromptContains.isBlank()) {
            return true;
        }
        return systemPrompt != null
                && systemPrompt.toLowerCase(Locale.ROOT).contains(systemPromptContains.toLowerCase(Locale.ROOT));
    }

    /** Every problem with this variant, each prefixed with {@code path}. Empty when valid. */
    public List<String> problems(String path) {
        List<String> problems = new ArrayList<>();
        if (model == null || model.isBlank()) problems.add(path + ".model: must name a model or be *");
        if (!(quality >= 0 && quality <= 1)) problems.add(path + ".quality: must be in [0, 1], was " + quality);
        if (!(qualityConcentration > 0)) {
            problems.add(path + ".quality_concentration: must be positive, was " + qualityConcentration);
        }
        if (!(errorRate >= 0 && errorRate <= 1)) problems.add(path + ".error_rate: must be in [0, 1], was " + errorRate);
        requireNonNegative(problems, path + ".latency", latency);
        requireNonNegative(problems, path + ".jitter", jitter);
        requireNonNegative(problems, path + ".time_to_first_token", timeToFirstToken);
        requireNonNegative(problems, path + ".chunk_delay", chunkDelay);
        if (chunkWords < 1) problems.add(path + ".chunk_words: must be at least 1, was " + chunkWords);
        if (minAnswerWords < 1) problems.add(path + ".min_answer_words: must be at least 1, was " + minAnswerWords);
        if (maxAnswerWords < minAnswerWords) {
            problems.add(path + ".max_answer_words: must be at least min_answer_words (" + minAnswerWords
                    + "), was " + maxAnswerWords);
        }
        return problems;
    }

    private static void requireNonNegative(List<String> problems, String path, Duration d) {
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
                .name(name)
                .model(model)
                .systemPromptContains(systemPromptContains)
                .quality(quality)
                .qualityConcentration(qualityConcentration)
                .latency(latency)
                .jitter(jitter)
                .timeToFirstToken(timeToFirstToken)
                .chunkDelay(chunkDelay)
                .chunkWords(chunkWords)
                .errorRate(errorRate)
                .minAnswerWords(minAnswerWords)
                .maxAnswerWords(maxAnswerWords);
    }

    /**
     * Builds a variant; the field initializers are the documented defaults, used both from code
     * and for keys a YAML or JSON configuration leaves out.
     */
    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {
        private String name;
        private String model = ANY_MODEL;
        private String systemPromptContains;
        private double quality = 0.5;
        private double qualityConcentration = 20;
        private Duration latency = Duration.ofMillis(150);
        private Duration jitter = Duration.ofMillis(30);
        private Duration timeToFirstToken = Duration.ofMillis(60);
        private Duration chunkDelay = Duration.ofMillis(15);
        private int chunkWords = 4;
        private double errorRate = 0;
        private int minAnswerWords = 35;
        private int maxAnswerWords = 80;

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder model(String model) {
            this.model = model;
            return this;
        }

        public Builder systemPromptContains(String phrase) {
            this.systemPromptContains = phrase;
            return this;
        }

        public Builder quality(double quality) {
            this.quality = quality;
            return this;
        }

        public Builder qualityConcentration(double concentration) {
            this.qualityConcentration = concentration;
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

        public Builder timeToFirstToken(Duration timeToFirstToken) {
            this.timeToFirstToken = timeToFirstToken;
            return this;
        }

        public Builder chunkDelay(Duration chunkDelay) {
            this.chunkDelay = chunkDelay;
            return this;
        }

        public Builder chunkWords(int chunkWords) {
            this.chunkWords = chunkWords;
            return this;
        }

        public Builder errorRate(double errorRate) {
            this.errorRate = errorRate;
            return this;
        }

        public Builder minAnswerWords(int minAnswerWords) {
            this.minAnswerWords = minAnswerWords;
            return this;
        }

        public Builder maxAnswerWords(int maxAnswerWords) {
            this.maxAnswerWords = maxAnswerWords;
            return this;
        }

        /** Sets both answer length bounds. */
        public Builder answerWords(int min, int max) {
            return minAnswerWords(min).maxAnswerWords(max);
        }

        /** Makes every call instant: for tests that measure nothing about time. */
        public Builder instant() {
            return latency(Duration.ZERO).jitter(Duration.ZERO).timeToFirstToken(Duration.ZERO).chunkDelay(Duration.ZERO);
        }

        // A readable label for logs when none is given: the model, the prompt phrase, or both.
        private String defaultName() {
            boolean anyModel = model == null || ANY_MODEL.equals(model);
            boolean anyPrompt = systemPromptContains == null || systemPromptContains.isBlank();
            if (anyModel && anyPrompt) return "default";
            if (anyPrompt) return model;
            return (anyModel ? "" : model + " ") + "~ " + systemPromptContains;
        }

        public Variant build() {
            String label = name != null ? name : defaultName();
            return new Variant(label, model, systemPromptContains, quality, qualityConcentration, latency, jitter,
                    timeToFirstToken, chunkDelay, chunkWords, errorRate, minAnswerWords, maxAnswerWords);
        }
    }
}

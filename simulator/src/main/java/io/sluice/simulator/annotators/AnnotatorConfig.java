package io.sluice.simulator.annotators;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
import io.sluice.simulator.world.ConfigYaml;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Simulated human annotators who label a sample of answered requests through the router's
 * labels API.
 *
 * @param routerUrl        the router's origin; labels go to {@code <routerUrl>/v1/labels}
 * @param apiKey           sent as {@code Authorization: Bearer} when set
 * @param seed             fixes which requests are labelled, by whom, and every label's noise
 * @param annotatorNoise   one entry per annotator: the standard deviation, in scale points, of
 *                         that annotator's Gaussian error
 * @param annotatorPrefix  annotator names are this prefix and an index ({@code annotator-0})
 * @param labelRate        the share of eligible requests that get labelled
 * @param labelsPerRequest how many different annotators label each labelled request
 * @param scaleMin         the lowest label: the rubric's scale, which labels must share
 * @param scaleMax         the highest label
 * @param queueCapacity    answers waiting to be labelled; more are dropped and counted
 * @param requestTimeout   how long one label post may take
 */
@JsonDeserialize(builder = AnnotatorConfig.Builder.class)
public record AnnotatorConfig(
        String routerUrl,
        String apiKey,
        long seed,
        List<Double> annotatorNoise,
        String annotatorPrefix,
        double labelRate,
        int labelsPerRequest,
        int scaleMin,
        int scaleMax,
        int queueCapacity,
        Duration requestTimeout) {

    public AnnotatorConfig {
        annotatorNoise = annotatorNoise == null ? List.of() : List.copyOf(annotatorNoise);
    }

    /** The annotators, in order, each with its own noise. */
    public List<Annotator> annotators() {
        List<Annotator> annotators = new ArrayList<>();
        for (int i = 0; i < annotatorNoise.size(); i++) {
            annotators.add(new Annotator(annotatorPrefix + i, annotatorNoise.get(i)));
        }
        return annotators;
    }

    /** Every problem with this configuration, each with its field path. Empty when valid. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (routerUrl == null || routerUrl.isBlank()) {
            problems.add("router_url: is required");
        } else {
            try {
                URI uri = URI.create(routerUrl);
                if (uri.getScheme() == null || uri.getHost() == null) {
                    problems.add("router_url: must be an absolute http URL, was " + routerUrl);
                }
            } catch (IllegalArgumentException e) {
                problems.add("router_url: " + e.getMessage());
            }
        }
        if (annotatorNoise.isEmpty()) problems.add("annotator_noise: needs one entry per annotator");
        for (int i = 0; i < annotatorNoise.size(); i++) {
            Double sigma = annotatorNoise.get(i);
            if (sigma == null || !(sigma >= 0)) {
                problems.add("annotator_noise[" + i + "]: must not be negative, was " + sigma);
            }
        }
        if (annotatorPrefix == null || annotatorPrefix.isBlank()) problems.add("annotator_prefix: is required");
        if (!(labelRate >= 0 && labelRate <= 1)) problems.add("label_rate: must be in [0, 1], was " + labelRate);
        if (labelsPerRequest < 1 || labelsPerRequest > Math.max(1, annotatorNoise.size())) {
            problems.add("labels_per_request: must be between 1 and the number of annotators ("
                    + annotatorNoise.size() + "), was " + labelsPerRequest);
        }
        if (scaleMax <= scaleMin) {
            problems.add("scale_max: must be above scale_min (" + scaleMin + "), was " + scaleMax);
        }
        if (queueCapacity < 1) problems.add("queue_capacity: must be at least 1, was " + queueCapacity);
        if (requestTimeout == null || requestTimeout.isZero() || requestTimeout.isNegative()) {
            problems.add("request_timeout: must be positive, was " + requestTimeout);
        }
        return problems;
    }

    public AnnotatorConfig requireValid() {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid annotator configuration: " + String.join("; ", problems));
        }
        return this;
    }

    /** Reads a configuration from YAML or JSON; missing keys take the defaults. */
    public static AnnotatorConfig fromYaml(String yaml) {
        return ConfigYaml.read(yaml, AnnotatorConfig.class, builder().build());
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().routerUrl(routerUrl).apiKey(apiKey).seed(seed).annotatorNoise(annotatorNoise)
                .annotatorPrefix(annotatorPrefix).labelRate(labelRate).labelsPerRequest(labelsPerRequest)
                .scaleMin(scaleMin).scaleMax(scaleMax).queueCapacity(queueCapacity).requestTimeout(requestTimeout);
    }

    /** The field initializers are the documented defaults. */
    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {
        private String routerUrl;
        private String apiKey;
        private long seed = 11;
        private List<Double> annotatorNoise = List.of(0.3, 0.5, 0.8);
        private String annotatorPrefix = "annotator-";
        private double labelRate = 0.5;
        private int labelsPerRequest = 1;
        private int scaleMin = 1;
        private int scaleMax = 5;
        private int queueCapacity = 10_000;
        private Duration requestTimeout = Duration.ofSeconds(10);

        public Builder routerUrl(String routerUrl) {
            this.routerUrl = routerUrl;
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder annotatorNoise(List<Double> annotatorNoise) {
            this.annotatorNoise = annotatorNoise;
            return this;
        }

        public Builder annotatorPrefix(String annotatorPrefix) {
            this.annotatorPrefix = annotatorPrefix;
            return this;
        }

        public Builder labelRate(double labelRate) {
            this.labelRate = labelRate;
            return this;
        }

        public Builder labelsPerRequest(int labelsPerRequest) {
            this.labelsPerRequest = labelsPerRequest;
            return this;
        }

        public Builder scaleMin(int scaleMin) {
            this.scaleMin = scaleMin;
            return this;
        }

        public Builder scaleMax(int scaleMax) {
            this.scaleMax = scaleMax;
            return this;
        }

        public Builder queueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
            return this;
        }

        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        public AnnotatorConfig build() {
            return new AnnotatorConfig(routerUrl, apiKey, seed, annotatorNoise, annotatorPrefix, labelRate,
                    labelsPerRequest, scaleMin, scaleMax, queueCapacity, requestTimeout);
        }
    }
}

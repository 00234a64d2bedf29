package io.sluice.simulator.users;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
import io.sluice.simulator.world.ConfigYaml;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A population of simulated users of a support-bot app that talks to Sluice.
 *
 * @param routerUrl         the router's origin, e.g. {@code http://127.0.0.1:8080}; the SDK gets
 *                          {@code <routerUrl>/v1}, feedback goes to {@code <routerUrl>/v1/feedback}
 * @param apiKey            the app's API key, sent on chat requests and feedback posts
 * @param experiment        the experiment name, sent as the OpenAI {@code model}
 * @param users             how many users talk at once, each on its own thread
 * @param seed              fixes every user's choices (questions, turns, reactions)
 * @param turnWeights       relative chances of a conversation having 1, 2, ... turns
 * @param streamingFraction share of requests sent with {@code stream: true}
 * @param thinkTime         mean pause before a follow-up or a re-asked question (uniform in
 *                          [0.5, 1.5] of it); zero for the most requests per second
 * @param feedback          how users react to answers
 * @param requestBudget     total chat requests to send before the users stop by themselves;
 *                          0 for no limit
 * @param requestTimeout    how long one chat request or feedback post may take
 * @param userIdPrefix      user ids are this prefix and a four-digit index
 * @param systemPrompt      a system message the app sends with every request, or null for none;
 *                          the router decides what the upstream finally sees
 */
@JsonDeserialize(builder = PopulationConfig.Builder.class)
public record PopulationConfig(
        String routerUrl,
        String apiKey,
        String experiment,
        int users,
        long seed,
        List<Double> turnWeights,
        double streamingFraction,
        Duration thinkTime,
        FeedbackModel feedback,
        long requestBudget,
        Duration requestTimeout,
        String userIdPrefix,
        String systemPrompt) {

    public PopulationConfig {
        turnWeights = turnWeights == null ? List.of() : List.copyOf(turnWeights);
    }

    public int maxTurns() {
        return turnWeights.size();
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
        if (apiKey == null || apiKey.isBlank()) problems.add("api_key: is required");
        if (experiment == null || experiment.isBlank()) problems.add("experiment: is required");
        if (users < 1) problems.add("users: must be at least 1, was " + users);
        if (turnWeights.isEmpty()) {
            problems.add("turn_weights: needs at least one weight");
        }
        double total = 0;
        for (int i = 0; i < turnWeights.size(); i++) {
            Double w = turnWeights.get(i);
            if (w == null || !(w >= 0)) {
                problems.add("turn_weights[" + i + "]: must be a non-negative number, was " + w);
            } else {
                total += w;
            }
        }
        if (!turnWeights.isEmpty() && !(total > 0)) problems.add("turn_weights: must not all be zero");
        if (!(streamingFraction >= 0 && streamingFraction <= 1)) {
            problems.add("streaming_fraction: must be in [0, 1], was " + streamingFraction);
        }
        if (thinkTime == null || thinkTime.isNegative()) problems.add("think_time: must not be negative");
        if (feedback == null) {
            problems.add("feedback: is required");
        } else {
            problems.addAll(feedback.problems("feedback"));
        }
        if (requestBudget < 0) problems.add("request_budget: must not be negative, was " + requestBudget);
        if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
            problems.add("request_timeout: must be positive");
        }
        if (userIdPrefix == null) problems.add("user_id_prefix: is required");
        return problems;
    }

    public PopulationConfig requireValid() {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid user population: " + String.join("; ", problems));
        }
        return this;
    }

    /**
     * Reads a population from YAML or JSON; missing keys take the defaults. It is validated when a
     * {@link UserPopulation} is made from it, because {@code router_url} and {@code experiment} are
     * often filled in afterwards by whoever starts the router.
     */
    public static PopulationConfig fromYaml(String yaml) {
        return ConfigYaml.read(yaml, PopulationConfig.class, builder().build());
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .routerUrl(routerUrl)
                .apiKey(apiKey)
                .experiment(experiment)
                .users(users)
                .seed(seed)
                .turnWeights(turnWeights)
                .streamingFraction(streamingFraction)
                .thinkTime(thinkTime)
                .feedback(feedback)
                .requestBudget(requestBudget)
                .requestTimeout(requestTimeout)
                .userIdPrefix(userIdPrefix)
                .systemPrompt(systemPrompt);
    }

    /** The field initializers are the documented defaults; router_url and experiment have none. */
    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {
        private String routerUrl;
        private String apiKey = "sk-sim-app";
        private String experiment;
        private int users = 4;
        private long seed = 7;
        private List<Double> turnWeights = List.of(0.35, 0.30, 0.20, 0.15);
        private double streamingFraction = 0.3;
        private Duration thinkTime = Duration.ZERO;
        private FeedbackModel feedback = FeedbackModel.defaults();
        private long requestBudget = 0;
        private Duration requestTimeout = Duration.ofSeconds(30);
        private String userIdPrefix = "user-";
        private String systemPrompt;

        public Builder routerUrl(String routerUrl) {
            this.routerUrl = routerUrl;
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder experiment(String experiment) {
            this.experiment = experiment;
            return this;
        }

        public Builder users(int users) {
            this.users = users;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder turnWeights(List<Double> turnWeights) {
            this.turnWeights = turnWeights;
            return this;
        }

        /** Every conversation has exactly {@code turns} turns. */
        public Builder fixedTurns(int turns) {
            List<Double> weights = new ArrayList<>();
            for (int i = 1; i <= turns; i++) {
                weights.add(i == turns ? 1.0 : 0.0);
            }
            return turnWeights(weights);
        }

        public Builder streamingFraction(double streamingFraction) {
            this.streamingFraction = streamingFraction;
            return this;
        }

        public Builder thinkTime(Duration thinkTime) {
            this.thinkTime = thinkTime;
            return this;
        }

        public Builder feedback(FeedbackModel feedback) {
            this.feedback = feedback;
            return this;
        }

        public Builder requestBudget(long requestBudget) {
            this.requestBudget = requestBudget;
            return this;
        }

        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        public Builder userIdPrefix(String userIdPrefix) {
            this.userIdPrefix = userIdPrefix;
            return this;
        }

        public Builder systemPrompt(String systemPrompt) {
            this.systemPrompt = systemPrompt;
            return this;
        }

        public PopulationConfig build() {
            return new PopulationConfig(routerUrl, apiKey, experiment, users, seed, turnWeights, streamingFraction,
                    thinkTime, feedback, requestBudget, requestTimeout, userIdPrefix, systemPrompt);
        }
    }
}

package io.sluice.simulator.users;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.random.RandomGenerator;

/**
 * How a simulated user reacts to an answer of true quality q. Each reaction is a coin whose
 * bias rises (or, for retries, falls) with q, so an arm with better answers earns more of every
 * positive signal and fewer negative ones. The defaults are guesses at the shape of real
 * traffic (explicit ratings are rare, silent behaviour is common), not measured rates.
 *
 * @param explicitRate      chance an answer gets a thumb at all; the thumb is up with chance q
 * @param copyFactor        an answer is copied with chance copyFactor·q
 * @param retryFactor       the user re-asks (rephrased) with chance retryFactor·(1−q)
 * @param scoreRate         chance an answer gets a 1–5 star score, 1 + round(4q)
 * @param maxRetriesPerTurn how often one question is re-asked at most
 */
@JsonDeserialize(builder = FeedbackModel.Builder.class)
public record FeedbackModel(
        double explicitRate, double copyFactor, double retryFactor, double scoreRate, int maxRetriesPerTurn) {

    /** explicit 0.3, copy 0.4·q, retry 0.3·(1−q), score 0.1, one retry per question. */
    public static FeedbackModel defaults() {
        return builder().build();
    }

    /** A thumb, or none. */
    public Optional<FeedbackSignal> thumb(double q, RandomGenerator rng) {
        if (rng.nextDouble() >= explicitRate) {
            return Optional.empty();
        }
        return Optional.of(rng.nextDouble() < q ? FeedbackSignal.THUMBS_UP : FeedbackSignal.THUMBS_DOWN);
    }

    public boolean copies(double q, RandomGenerator rng) {
        return rng.nextDouble() < copyFactor * q;
    }

    public boolean retries(double q, RandomGenerator rng) {
        return rng.nextDouble() < retryFactor * (1 - q);
    }

    /** A star score from 1 to 5, or none. */
    public OptionalDouble score(double q, RandomGenerator rng) {
        if (rng.nextDouble() >= scoreRate) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(1 + Math.round(4 * Math.max(0, Math.min(1, q))));
    }

    /** Whether a conversation whose last answer had quality q ends with the issue resolved. */
    public boolean resolves(double q, RandomGenerator rng) {
        return rng.nextDouble() < q;
    }

    public List<String> problems(String path) {
        List<String> problems = new ArrayList<>();
        probability(problems, path + ".explicit_rate", explicitRate);
        probability(problems, path + ".copy_factor", copyFactor);
        probability(problems, path + ".retry_factor", retryFactor);
        probability(problems, path + ".score_rate", scoreRate);
        if (maxRetriesPerTurn < 0) {
            problems.add(path + ".max_retries_per_turn: must not be negative, was " + maxRetriesPerTurn);
        }
        return problems;
    }

    private static void probability(List<String> problems, String path, double p) {
        if (!(p >= 0 && p <= 1)) {
            problems.add(path + ": must be in [0, 1], was " + p);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The field initializers are the documented defaults. */
    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {
        private double explicitRate = 0.3;
        private double copyFactor = 0.4;
        private double retryFactor = 0.3;
        private double scoreRate = 0.1;
        private int maxRetriesPerTurn = 1;

        public Builder explicitRate(double explicitRate) {
            this.explicitRate = explicitRate;
            return this;
        }

        public Builder copyFactor(double copyFactor) {
            this.copyFactor = copyFactor;
            return this;
        }

        public Builder retryFactor(double retryFactor) {
            this.retryFactor = retryFactor;
            return this;
        }

        public Builder scoreRate(double scoreRate) {
            this.scoreRate = scoreRate;
            return this;
        }

        public Builder maxRetriesPerTurn(int maxRetriesPerTurn) {
            this.maxRetriesPerTurn = maxRetriesPerTurn;
            return this;
        }

        public FeedbackModel build() {
            return new FeedbackModel(explicitRate, copyFactor, retryFactor, scoreRate, maxRetriesPerTurn);
        }
    }
}

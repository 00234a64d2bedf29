package io.sluice.core.reward;

import io.sluice.core.event.Reward;
import io.sluice.core.experiment.RewardDefinition;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Turns the signals reported on one answer into its reward, as the experiment's reward definition
 * says. The learning path and every analysis settle rewards through this one class, so they agree.
 */
public final class RewardSettlement {
    private final RewardDefinition definition;

    public RewardSettlement(RewardDefinition definition) {
        this.definition = definition;
    }

    /**
     * Whether a signal falls in the attribution window of a decision: from the decision up to and
     * including decision + window, by when the user acted.
     */
    public boolean inWindow(Instant decidedAt, Reward reward) {
        return !reward.occurredAt().isBefore(decidedAt)
                && !reward.occurredAt().isAfter(decidedAt.plus(definition.attributionWindow()));
    }

    /** When the attribution window of a decision closes. */
    public Instant windowCloses(Instant decidedAt) {
        return decidedAt.plus(definition.attributionWindow());
    }

    /** Settles a decision's signals, keeping only those in its attribution window. */
    public SettledReward settle(Instant decidedAt, List<Reward> rewards) {
        return settle(rewards.stream().filter(r -> inWindow(decidedAt, r)).toList());
    }

    /** The value one signal contributes, or NaN when it does not count. */
    public double valueOf(Reward reward) {
        Double weight = definition.signals().get(reward.signal());
        if (weight == null) {
            return Double.NaN;
        }
        double value = reward.signal().carriesValue() ? weight * reward.value() : weight;
        if (!definition.unbounded() && !(value >= 0.0 && value <= 1.0)) {
            return Double.NaN;
        }
        return value;
    }

    /** Settles the signals that arrived within the attribution window; order does not matter. */
    public SettledReward settle(List<Reward> rewards) {
        List<Reward> byTime = rewards.stream()
                .sorted(Comparator.comparing(Reward::occurredAt).thenComparing(Reward::receivedAt))
                .toList();
        int counted = 0;
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        double sum = 0;
        double first = Double.NaN;
        double last = Double.NaN;
        for (Reward reward : byTime) {
            double value = valueOf(reward);
            if (Double.isNaN(value)) {
                continue;
            }
            counted++;
            max = Math.max(max, value);
            min = Math.min(min, value);
            sum += value;
            if (Double.isNaN(first)) {
                first = value;
            }
            last = value;
        }
        int ignored = rewards.size() - counted;
        if (counted == 0) {
            return new SettledReward(definition.defaultReward(), false, 0, ignored);
        }
        double value = switch (definition.combine()) {
            case MAX -> max;
            case MIN -> min;
            case MEAN -> sum / counted;
            case FIRST -> first;
            case LAST -> last;
        };
        return new SettledReward(value, true, counted, ignored);
    }
}

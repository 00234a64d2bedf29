package io.sluice.core.experiment;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.sluice.core.event.PolicyType;

/**
 * How arms are chosen.
 *
 * @param betaPrior the prior of every arm under Thompson sampling with rewards in [0, 1]
 * @param normalPrior the prior of every arm under Thompson sampling with unbounded rewards
 * @param explorationFloor the least probability any arm keeps under Thompson sampling, so no arm
 *     is starved while the posteriors are still wrong; propensities account for it
 */
public record PolicySpec(
        PolicyType type,
        @JsonIgnore BetaPrior betaPrior,
        @JsonIgnore NormalPrior normalPrior,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) double explorationFloor) {

    public static PolicySpec fixed() {
        return new PolicySpec(PolicyType.FIXED, null, null, 0.0);
    }

    public static PolicySpec thompson(BetaPrior prior, double explorationFloor) {
        return new PolicySpec(PolicyType.THOMPSON, prior, null, explorationFloor);
    }

    public static PolicySpec thompson(NormalPrior prior, double explorationFloor) {
        return new PolicySpec(PolicyType.THOMPSON, null, prior, explorationFloor);
    }

    /** The prior as the configuration writes it: {@code {alpha, beta}} or {@code {mean, precision, shape, rate}}. */
    @JsonProperty("prior")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public Object prior() {
        return betaPrior != null ? betaPrior : normalPrior;
    }
}

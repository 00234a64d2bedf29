package io.sluice.core.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sluice.core.event.PolicyType;

/**
 * How arms are chosen.
 *
 * @param prior the Beta prior of every arm under Thompson sampling; absent for a fixed split
 * @param explorationFloor the least probability any arm keeps under Thompson sampling, so no arm
 *     is starved while the posteriors are still wrong; propensities account for it
 */
public record PolicySpec(
        PolicyType type, BetaPrior prior, @JsonInclude(JsonInclude.Include.NON_DEFAULT) double explorationFloor) {

    public static PolicySpec fixed() {
        return new PolicySpec(PolicyType.FIXED, null, 0.0);
    }

    public static PolicySpec thompson(BetaPrior prior, double explorationFloor) {
        return new PolicySpec(PolicyType.THOMPSON, prior, explorationFloor);
    }
}

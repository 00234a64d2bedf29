package io.sluice.router.experiment;

import io.sluice.core.assignment.Decision;
import io.sluice.core.assignment.FixedSplit;
import io.sluice.core.assignment.TrafficGate;
import io.sluice.core.bandit.ThompsonPolicy;
import io.sluice.core.event.PolicyType;
import io.sluice.core.event.PosteriorSnapshot;
import io.sluice.core.event.UnitType;
import io.sluice.core.experiment.ArmSpec;
import io.sluice.core.experiment.ExperimentSpec;
import io.sluice.router.unit.RandomizationUnit;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * An experiment as the router runs it: its spec and the policy that decides for it. A fixed split
 * is a pure function of the unit. A Thompson policy is rebuilt (its exact propensities computed)
 * when new posteriors arrive, then swapped in whole, so every decision is made by one consistent
 * policy and logs that policy's probability.
 */
public final class LiveExperiment {
    private final ExperimentSpec spec;
    private final TrafficGate gate;
    private final FixedSplit split;
    private volatile ThompsonPolicy thompson;

    public LiveExperiment(ExperimentSpec spec, Map<String, PosteriorSnapshot> posteriors) {
        this.spec = spec;
        this.gate = new TrafficGate(spec);
        if (spec.policy().type() == PolicyType.THOMPSON) {
            this.split = null;
            this.thompson = ThompsonPolicy.forExperiment(spec, posteriors);
        } else {
            this.split = new FixedSplit(spec);
            this.thompson = null;
        }
    }

    public ExperimentSpec spec() {
        return spec;
    }

    /** Rebuilds the Thompson policy from the posteriors held now; a fixed split ignores them. */
    public void refresh(Map<String, PosteriorSnapshot> posteriors) {
        if (thompson != null) {
            thompson = ThompsonPolicy.forExperiment(spec, posteriors);
        }
    }

    public Optional<ThompsonPolicy> thompson() {
        return Optional.ofNullable(thompson);
    }

    /**
     * The decision for a unit. Under Thompson sampling a user or conversation keeps its first
     * assignment; a request, being its own unit, is always decided afresh.
     */
    public Decision decide(RandomizationUnit unit, StickyAssignments sticky, RandomGenerator random) {
        String key = unit.assignmentKey(spec.unit());
        if (split != null) {
            return split.assign(key);
        }
        ThompsonPolicy policy = thompson;
        if (!gate.admits(key)) {
            return new Decision(spec.controlArm(), 1.0, false, policy.policyVersion());
        }
        if (unit.type() == UnitType.REQUEST) {
            return policy.choose(random);
        }
        return sticky.decide(spec.name(), key, () -> policy.choose(random));
    }

    public ArmSpec arm(String name) {
        return spec.arm(name).orElseThrow(() -> new IllegalStateException("no arm " + name + " in " + spec.name()));
    }
}

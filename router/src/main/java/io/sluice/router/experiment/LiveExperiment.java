package io.sluice.router.experiment;

import io.sluice.core.assignment.Decision;
import io.sluice.core.assignment.FixedSplit;
import io.sluice.core.assignment.TrafficGate;
import io.sluice.core.bandit.ThompsonPolicy;
import io.sluice.core.control.ExperimentControls;
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
 * An experiment as the router runs it: its spec, the controls in force and the policy that decides
 * for it. A fixed split is a pure function of the unit. A Thompson policy is rebuilt (its exact
 * propensities computed) when new posteriors or controls arrive, then swapped in whole with the
 * controls it was built under, so every decision is made by one consistent policy and logs that
 * policy's probability.
 *
 * <p><b>Controls.</b> A paused arm gets no units: the fixed split moves only the paused arm's units
 * ({@link FixedSplit}), Thompson sampling runs over the serving arms, and a unit stuck to a paused
 * arm is decided afresh (a new assignment, written like any other). A rolled-back experiment
 * serves its control arm to everyone with probability 1, logged outside the experiment.
 */
public final class LiveExperiment {
    private final ExperimentSpec spec;
    private volatile Policy policy;

    /** The policy and the controls it was built under (a rollout's step sets the gate), read together. */
    private record Policy(ExperimentControls controls, TrafficGate gate, FixedSplit split, ThompsonPolicy thompson,
            String rollback) {}

    public LiveExperiment(ExperimentSpec spec, Map<String, PosteriorSnapshot> posteriors) {
        this(spec, posteriors, ExperimentControls.NONE);
    }

    public LiveExperiment(ExperimentSpec spec, Map<String, PosteriorSnapshot> posteriors, ExperimentControls controls) {
        this.spec = spec;
        this.policy = build(controls, posteriors);
    }

    private Policy build(ExperimentControls controls, Map<String, PosteriorSnapshot> posteriors) {
        ExperimentControls usable = controls.serving(spec.armNames()).isEmpty()
                ? new ExperimentControls(java.util.Set.of(), controls.rolledBack(), controls.rolloutStep()) : controls;
        String rollback = "rollback@" + spec.revision();
        TrafficGate gate = TrafficGate.of(spec, usable);
        if (spec.policy().type() == PolicyType.THOMPSON) {
            return new Policy(usable, gate, null, ThompsonPolicy.forExperiment(spec, posteriors, usable), rollback);
        }
        return new Policy(usable, gate, new FixedSplit(spec, usable), null, rollback);
    }

    public ExperimentSpec spec() {
        return spec;
    }

    /** Rebuilds the Thompson policy from the posteriors held now; a fixed split ignores them. */
    public void refresh(Map<String, PosteriorSnapshot> posteriors) {
        if (spec.policy().type() == PolicyType.THOMPSON) {
            policy = build(policy.controls(), posteriors);
        }
    }

    /** Puts new controls in force. Controls that would pause every arm pause none (the control arm is never paused). */
    public void control(ExperimentControls controls, Map<String, PosteriorSnapshot> posteriors) {
        policy = build(controls, posteriors);
    }

    public ExperimentControls controls() {
        return policy.controls();
    }

    /** The fraction of units in the experiment now: the rollout's step, else the spec's {@code traffic}. */
    public double traffic() {
        return policy.gate().traffic();
    }

    public Optional<ThompsonPolicy> thompson() {
        return Optional.ofNullable(policy.thompson());
    }

    /** Whether the arm exists and may get units now. */
    public boolean serves(String arm) {
        return spec.arm(arm).isPresent() && !policy.controls().isPaused(arm);
    }

    /**
     * P(arm is chosen) for a unit under the policy in force: 0 for a paused arm; under a rollback, 1
     * for the control arm and 0 for the others.
     */
    public double propensity(String arm) {
        Policy current = policy;
        if (current.controls().rolledBack()) {
            return arm.equals(spec.controlArm()) ? 1.0 : 0.0;
        }
        if (current.controls().isPaused(arm)) {
            return 0.0;
        }
        if (current.thompson() != null) {
            return current.thompson().propensity(arm);
        }
        return current.split().propensities()[spec.armNames().indexOf(arm)];
    }

    /** The version decisions are logged with now. */
    public String policyVersion() {
        Policy current = policy;
        if (current.controls().rolledBack()) {
            return current.rollback();
        }
        return current.thompson() != null ? current.thompson().policyVersion() : current.split().policyVersion();
    }

    /**
     * The decision for a unit. Under Thompson sampling a user or conversation keeps its first
     * assignment while its arm serves; a request, being its own unit, is always decided afresh.
     */
    public Decision decide(RandomizationUnit unit, StickyAssignments sticky, RandomGenerator random) {
        Policy current = policy;
        if (current.controls().rolledBack()) {
            return new Decision(spec.controlArm(), 1.0, false, current.rollback());
        }
        String key = unit.assignmentKey(spec.unit());
        if (current.split() != null) {
            return current.split().assign(key);
        }
        ThompsonPolicy thompson = current.thompson();
        if (!current.gate().admits(key)) {
            return new Decision(spec.controlArm(), 1.0, false, thompson.policyVersion());
        }
        if (unit.type() == UnitType.REQUEST) {
            return thompson.choose(random);
        }
        return sticky.decide(spec.name(), key, () -> thompson.choose(random));
    }

    public ArmSpec arm(String name) {
        return spec.arm(name).orElseThrow(() -> new IllegalStateException("no arm " + name + " in " + spec.name()));
    }
}

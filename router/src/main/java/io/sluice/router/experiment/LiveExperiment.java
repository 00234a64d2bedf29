package io.sluice.router.experiment;

import io.sluice.core.assignment.Decision;
import io.sluice.core.assignment.FixedSplit;
import io.sluice.core.event.PolicyType;
import io.sluice.core.experiment.ArmSpec;
import io.sluice.core.experiment.ExperimentSpec;

/** An experiment as the router runs it: its spec and the policy that decides for it. */
public final class LiveExperiment {
    private final ExperimentSpec spec;
    private final FixedSplit split;

    public LiveExperiment(ExperimentSpec spec) {
        if (spec.policy().type() != PolicyType.FIXED) {
            throw new IllegalArgumentException("experiment '" + spec.name() + "': policy "
                    + spec.policy().type().wireName() + " is not supported by this router yet; use policy: fixed");
        }
        this.spec = spec;
        this.split = new FixedSplit(spec);
    }

    public ExperimentSpec spec() {
        return spec;
    }

    public Decision decide(String unit) {
        return split.assign(unit);
    }

    public ArmSpec arm(String name) {
        return spec.arm(name).orElseThrow(() -> new IllegalStateException("no arm " + name + " in " + spec.name()));
    }
}

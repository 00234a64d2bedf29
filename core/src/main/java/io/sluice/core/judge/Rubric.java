package io.sluice.core.judge;

import java.util.List;

/**
 * A versioned scorecard for a judge: the axes it grades on one ordinal scale, each level
 * described, like the Clarity / Accuracy / Policy-citation table of the support-bot example.
 * Human labels use the same scale. A rubric travels inside its experiment's spec, so every job
 * judges with exactly the rubric the spec names; its content is part of the judge's fingerprint.
 */
public record Rubric(String id, int version, String description, RubricScale scale, List<RubricAxis> axes) {
    public Rubric {
        axes = List.copyOf(axes);
    }

    /** Where a score lies on the scale, from 0 (lowest) to 1 (highest). */
    public double normalize(double score) {
        return (score - scale.min()) / (double) (scale.max() - scale.min());
    }

    public List<String> axisNames() {
        return axes.stream().map(RubricAxis::name).toList();
    }
}

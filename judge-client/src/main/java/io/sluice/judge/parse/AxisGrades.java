package io.sluice.judge.parse;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The grades a rubric reply gave, one per rubric axis, in the rubric's order.
 *
 * @param axes      grade per axis name, on the rubric's scale
 * @param rationale the judge's explanation, or null
 */
public record AxisGrades(Map<String, Double> axes, String rationale) {
    public AxisGrades {
        axes = Collections.unmodifiableMap(new LinkedHashMap<>(axes));
    }

    /** The overall raw score: the mean of the axes. */
    public double mean() {
        return axes.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }
}

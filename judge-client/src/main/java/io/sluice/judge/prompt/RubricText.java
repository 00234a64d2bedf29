package io.sluice.judge.prompt;

import io.sluice.core.judge.Rubric;
import io.sluice.core.judge.RubricAxis;
import java.util.Map;

/**
 * A rubric as the judge reads it: its name and version, the scale, then one {@code - axis: ...}
 * line per axis with its described levels indented below.
 */
final class RubricText {
    private RubricText() {}

    static String of(Rubric rubric) {
        StringBuilder text = new StringBuilder();
        text.append("Rubric ").append(rubric.id()).append(", version ").append(rubric.version());
        if (rubric.description() != null && !rubric.description().isBlank()) {
            text.append(": ").append(rubric.description().strip());
        }
        text.append("\nGrade every axis with an integer from ").append(rubric.scale().min()).append(" (worst) to ")
                .append(rubric.scale().max()).append(" (best).");
        for (RubricAxis axis : rubric.axes()) {
            text.append("\n- ").append(axis.name()).append(": ");
            text.append(axis.description() == null ? axis.name().replace('_', ' ') : axis.description().strip());
            for (Map.Entry<Integer, String> level : axis.levels().entrySet()) {
                text.append("\n    ").append(level.getKey()).append(" = ").append(level.getValue().strip());
            }
        }
        return text.toString();
    }
}

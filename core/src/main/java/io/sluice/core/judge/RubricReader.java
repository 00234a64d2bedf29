package io.sluice.core.judge;

import io.sluice.core.config.ConfigNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Reads and validates a rubric, reporting problems at their field paths. */
public final class RubricReader {
    /** The largest magnitude of a scale's ends. */
    static final int MAX_ABS_GRADE = 1_000_000;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern AXIS = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    private RubricReader() {}

    /** The rubric at {@code node}, or null when it is too broken to build. */
    public static Rubric read(ConfigNode node) {
        if (!node.isObject()) {
            if (!node.present()) {
                node.error("required");
            }
            return null;
        }
        int before = node.problemCount();
        node.allowOnly("id", "version", "description", "scale", "axes");
        String id = node.field("id").requiredText();
        if (id != null && !id.isBlank() && !ID.matcher(id).matches()) {
            node.field("id").error("must hold only letters, digits, '.', '_' and '-' (at most 64), was '" + id + "'");
        }
        ConfigNode versionNode = node.field("version");
        if (!versionNode.present()) {
            versionNode.error("required: a rubric is versioned, and every change deserves a new version");
        }
        int version = versionNode.integer().map(v -> {
            if (v < 1 || v > Integer.MAX_VALUE) {
                versionNode.error("must be >= 1");
            }
            return v.intValue();
        }).orElse(1);
        String description = node.field("description").text().orElse(null);
        ConfigNode scale = node.field("scale");
        int min = 1;
        int max = 5;
        if (scale.isObject()) {
            scale.allowOnly("min", "max");
            long lowest = scale.field("min").integer().orElse(1L);
            long highest = scale.field("max").integer().orElse(5L);
            // Grades become scores and labels downstream: keep them far inside what events may carry.
            if (Math.abs(lowest) > MAX_ABS_GRADE || Math.abs(highest) > MAX_ABS_GRADE) {
                scale.error("must lie within ±" + MAX_ABS_GRADE + ", was [" + lowest + ", " + highest + "]");
            }
            min = (int) lowest;
            max = (int) highest;
            if (max <= min || max - min > 100) {
                scale.error("needs min < max, at most 100 levels apart, was [" + min + ", " + max + "]");
            }
        }
        List<RubricAxis> axes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        ConfigNode axesNode = node.field("axes");
        if (!axesNode.present() || axesNode.json().isArray() && axesNode.json().isEmpty()) {
            axesNode.error("required: at least one axis");
        }
        for (ConfigNode axis : axesNode.elements()) {
            if (!axis.isObject()) {
                continue;
            }
            axis.allowOnly("name", "description", "levels");
            String name = axis.field("name").requiredText();
            if (name != null && !AXIS.matcher(name).matches()) {
                axis.field("name").error("must be lower_snake_case (at most 32), was '" + name + "'");
            } else if (name != null && !names.add(name)) {
                axis.field("name").error("duplicate axis '" + name + "'");
            }
            String axisDescription = axis.field("description").text().orElse(null);
            Map<Integer, String> levels = new TreeMap<>();
            ConfigNode levelsNode = axis.field("levels");
            for (Map.Entry<String, ConfigNode> level : levelsNode.entries().entrySet()) {
                int score;
                try {
                    score = Integer.parseInt(level.getKey().strip());
                } catch (NumberFormatException e) {
                    level.getValue().error("a level is named by its score on the scale");
                    continue;
                }
                if (score < min || score > max) {
                    level.getValue().error("is outside the scale [" + min + ", " + max + "]");
                    continue;
                }
                level.getValue().text().ifPresent(text -> levels.put(score, text));
            }
            if (!levels.containsKey(min) || !levels.containsKey(max)) {
                levelsNode.error("must describe at least both ends of the scale, " + min + " and " + max);
            }
            axes.add(new RubricAxis(name, axisDescription, levels));
        }
        if (node.problemCount() > before) {
            return null;
        }
        return new Rubric(id, version, description, new RubricScale(min, max), axes);
    }
}

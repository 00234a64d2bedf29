package io.sluice.core.judge;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One thing a judge grades, with what each level of the scale means for it.
 *
 * @param levels the description of each described level; at least the scale's ends
 */
public record RubricAxis(String name, String description, Map<Integer, String> levels) {
    public RubricAxis {
        levels = Collections.unmodifiableMap(new TreeMap<>(levels));
    }
}

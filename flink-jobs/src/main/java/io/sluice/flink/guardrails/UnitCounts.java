package io.sluice.flink.guardrails;

import java.util.Map;
import java.util.TreeMap;

/**
 * Units per arm whose first exposure was decided under one policy version, and when the first and
 * the last of them were decided.
 */
public record UnitCounts(Map<String, Long> byArm, long firstMillis, long lastMillis) {
    static UnitCounts first(String arm, long at) {
        return new UnitCounts(Map.of(arm, 1L), at, at);
    }

    UnitCounts plus(String arm, long at) {
        Map<String, Long> next = new TreeMap<>(byArm);
        next.merge(arm, 1L, Long::sum);
        return new UnitCounts(next, Math.min(firstMillis, at), Math.max(lastMillis, at));
    }

    long total() {
        return byArm.values().stream().mapToLong(Long::longValue).sum();
    }
}

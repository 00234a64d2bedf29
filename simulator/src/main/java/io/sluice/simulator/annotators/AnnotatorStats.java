package io.sluice.simulator.annotators;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Live counters of an annotator population, safe to update and read from any thread. */
final class AnnotatorStats {
    private final LongAdder offered = new LongAdder();
    private final LongAdder sampled = new LongAdder();
    private final LongAdder unmarked = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final Map<String, LongAdder> byAnnotator = new ConcurrentHashMap<>();

    void offered() {
        offered.increment();
    }

    void sampled() {
        sampled.increment();
    }

    void unmarked() {
        unmarked.increment();
    }

    void dropped() {
        dropped.increment();
    }

    void sent(String annotator) {
        sent.increment();
        byAnnotator.computeIfAbsent(annotator, a -> new LongAdder()).increment();
    }

    void failed() {
        failures.increment();
    }

    AnnotatorSnapshot snapshot(long pending) {
        Map<String, Long> labels = new TreeMap<>();
        byAnnotator.forEach((name, count) -> labels.put(name, count.sum()));
        return new AnnotatorSnapshot(offered.sum(), sampled.sum(), unmarked.sum(), dropped.sum(), sent.sum(),
                failures.sum(), labels, pending);
    }
}

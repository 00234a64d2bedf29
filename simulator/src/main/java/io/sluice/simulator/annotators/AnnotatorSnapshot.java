package io.sluice.simulator.annotators;

import java.util.Locale;
import java.util.Map;

/**
 * The annotators' counters at one moment.
 *
 * @param offered         answered requests offered to them
 * @param sampled         of those, the ones chosen for labelling (eligible and in the rate)
 * @param unmarked        chosen answers without a quality mark, which nobody can label
 * @param dropped         chosen answers dropped because the queue was full or they had stopped
 * @param labelsSent      labels the router accepted (a 2xx)
 * @param failures        labels refused or lost (another status, or no response)
 * @param labelsByAnnotator accepted labels per annotator
 * @param pending         answers waiting in the queue
 */
public record AnnotatorSnapshot(
        long offered, long sampled, long unmarked, long dropped, long labelsSent, long failures,
        Map<String, Long> labelsByAnnotator, long pending) {

    public AnnotatorSnapshot {
        labelsByAnnotator = Map.copyOf(labelsByAnnotator);
    }

    public String progressLine() {
        return String.format(Locale.ROOT, "annotators: %d labels sent (%d failed) of %d sampled answers, %d pending",
                labelsSent, failures, sampled, pending);
    }
}

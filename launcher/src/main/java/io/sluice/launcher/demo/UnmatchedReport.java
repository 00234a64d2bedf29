package io.sluice.launcher.demo;

import io.sluice.core.event.DeadLetter;
import io.sluice.core.event.DeadLetterCause;
import java.util.List;

/**
 * The demo's line on what the jobs gave up on, read back from the {@code dead-letters} topic: the
 * feedback that met no decision, the labels that met no judge score and the feedback that came
 * after its attribution window closed. When there are any, the
 * first of each kind is shown with its reason, which says what to fix (usually the id the app sends).
 */
final class UnmatchedReport {
    private UnmatchedReport() {}

    static String render(List<DeadLetter> deadLetters) {
        List<DeadLetter> rewards = of(deadLetters, DeadLetterCause.UNMATCHED_REWARD);
        List<DeadLetter> labels = of(deadLetters, DeadLetterCause.UNMATCHED_LABEL);
        List<DeadLetter> late = of(deadLetters, DeadLetterCause.LATE_REWARD);
        StringBuilder out = new StringBuilder(String.format(
                "unmatched: %d feedback signals that met no decision, %d labels that met no judge score, "
                        + "%d feedback signals after their window closed (%d dead letters in all)%n",
                rewards.size(), labels.size(), late.size(), deadLetters.size()));
        for (List<DeadLetter> kind : List.of(rewards, labels, late)) {
            if (!kind.isEmpty()) {
                out.append(String.format("  e.g. %s%n", kind.get(0).reason()));
            }
        }
        return out.toString();
    }

    private static List<DeadLetter> of(List<DeadLetter> deadLetters, DeadLetterCause cause) {
        return deadLetters.stream().filter(d -> d.cause() == cause).toList();
    }
}

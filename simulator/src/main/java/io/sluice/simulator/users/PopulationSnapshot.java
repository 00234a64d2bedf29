package io.sluice.simulator.users;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The population's counters at one moment.
 *
 * @param requests          chat requests sent, retries included
 * @param streamedRequests  of which streamed
 * @param answers           requests that got an answer
 * @param unmarkedAnswers   answers without a quality mark (no quality-driven feedback for them)
 * @param conversations     conversations started
 * @param errorsByStatus    failed requests by HTTP status (0: no response at all)
 * @param answersByArm      answers by the {@code sluice-arm} header
 * @param meanQualityByArm  mean marked quality of the answers of each arm
 * @param feedbackBySignal  feedback posts by signal
 * @param feedbackByArm     feedback posts by arm of the answer, then by signal
 * @param feedbackFailures  feedback posts the router did not accept (non-2xx or no response)
 */
public record PopulationSnapshot(
        long requests,
        long streamedRequests,
        long answers,
        long unmarkedAnswers,
        long conversations,
        Map<Integer, Long> errorsByStatus,
        Map<String, Long> answersByArm,
        Map<String, Double> meanQualityByArm,
        Map<FeedbackSignal, Long> feedbackBySignal,
        Map<String, Map<FeedbackSignal, Long>> feedbackByArm,
        long feedbackFailures) {

    public PopulationSnapshot {
        errorsByStatus = Map.copyOf(errorsByStatus);
        answersByArm = Map.copyOf(answersByArm);
        meanQualityByArm = Map.copyOf(meanQualityByArm);
        feedbackBySignal = Map.copyOf(feedbackBySignal);
        feedbackByArm = Map.copyOf(feedbackByArm);
    }

    public long errors() {
        return errorsByStatus.values().stream().mapToLong(Long::longValue).sum();
    }

    public long feedback(FeedbackSignal signal) {
        return feedbackBySignal.getOrDefault(signal, 0L);
    }

    public long feedback(String arm, FeedbackSignal signal) {
        return feedbackByArm.getOrDefault(arm, Map.of()).getOrDefault(signal, 0L);
    }

    /** Thumbs up over all thumbs for an arm; NaN before its first thumb. */
    public double thumbsUpRate(String arm) {
        long up = feedback(arm, FeedbackSignal.THUMBS_UP);
        long down = feedback(arm, FeedbackSignal.THUMBS_DOWN);
        return up + down == 0 ? Double.NaN : (double) up / (up + down);
    }

    /** One line for a terminal: requests, errors, arms with their mean quality, feedback. */
    public String progressLine() {
        String arms = answersByArm.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> String.format(Locale.ROOT, "%s %d (q %.3f)", e.getKey(), e.getValue(),
                        meanQualityByArm.getOrDefault(e.getKey(), Double.NaN)))
                .collect(Collectors.joining(", "));
        String errors = errorsByStatus.isEmpty() ? "0" : errorsByStatus.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> (e.getKey() == 0 ? "no response" : e.getKey().toString()) + "×" + e.getValue())
                .collect(Collectors.joining(" "));
        String feedback = feedbackBySignal.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey().wireName() + " " + e.getValue())
                .collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "requests %d (%d streamed), conversations %d, errors %s | arms: %s | feedback: %s",
                requests, streamedRequests, conversations, errors, arms.isEmpty() ? "-" : arms,
                feedback.isEmpty() ? "-" : feedback);
    }
}

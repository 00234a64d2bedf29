package io.sluice.simulator.users;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of a user population, updated by every user thread and read by whoever prints
 * progress. Reads are not atomic across counters; a snapshot taken while users run may be off by
 * the requests in flight, which a progress line can live with.
 */
public final class PopulationStats {
    /** The arm name counted when the router's response carried no {@code sluice-arm}. */
    public static final String NO_ARM = "(none)";
    /** The status counted for a request that got no HTTP response at all. */
    public static final int NO_RESPONSE = 0;

    private final LongAdder requests = new LongAdder();
    private final LongAdder streamedRequests = new LongAdder();
    private final LongAdder answers = new LongAdder();
    private final LongAdder unmarkedAnswers = new LongAdder();
    private final LongAdder conversations = new LongAdder();
    private final LongAdder feedbackFailures = new LongAdder();
    private final Map<Integer, LongAdder> errorsByStatus = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> answersByArm = new ConcurrentHashMap<>();
    private final Map<String, DoubleAdder> qualitySumByArm = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> qualityCountByArm = new ConcurrentHashMap<>();
    private final Map<FeedbackSignal, LongAdder> feedbackBySignal = new ConcurrentHashMap<>();
    private final Map<String, Map<FeedbackSignal, LongAdder>> feedbackByArm = new ConcurrentHashMap<>();

    void conversationStarted() {
        conversations.increment();
    }

    void requestSent(boolean streamed) {
        requests.increment();
        if (streamed) {
            streamedRequests.increment();
        }
    }

    void answered(RouterAnswer answer) {
        answers.increment();
        String arm = armOf(answer);
        answersByArm.computeIfAbsent(arm, a -> new LongAdder()).increment();
        if (answer.quality().isPresent()) {
            qualitySumByArm.computeIfAbsent(arm, a -> new DoubleAdder()).add(answer.quality().getAsDouble());
            qualityCountByArm.computeIfAbsent(arm, a -> new LongAdder()).increment();
        } else {
            unmarkedAnswers.increment();
        }
    }

    void failed(int status) {
        errorsByStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
    }

    void feedbackSent(RouterAnswer about, FeedbackSignal signal, boolean accepted) {
        feedbackBySignal.computeIfAbsent(signal, s -> new LongAdder()).increment();
        feedbackByArm.computeIfAbsent(armOf(about), a -> new ConcurrentHashMap<>())
                .computeIfAbsent(signal, s -> new LongAdder()).increment();
        if (!accepted) {
            feedbackFailures.increment();
        }
    }

    public PopulationSnapshot snapshot() {
        Map<String, Double> meanQuality = new TreeMap<>();
        qualityCountByArm.forEach((arm, count) -> {
            long n = count.sum();
            if (n > 0) {
                meanQuality.put(arm, qualitySumByArm.get(arm).sum() / n);
            }
        });
        Map<String, Map<FeedbackSignal, Long>> byArm = new TreeMap<>();
        feedbackByArm.forEach((arm, signals) -> byArm.put(arm, sums(signals)));
        return new PopulationSnapshot(
                requests.sum(),
                streamedRequests.sum(),
                answers.sum(),
                unmarkedAnswers.sum(),
                conversations.sum(),
                sums(errorsByStatus),
                sums(answersByArm),
                meanQuality,
                sums(feedbackBySignal),
                byArm,
                feedbackFailures.sum());
    }

    private static String armOf(RouterAnswer answer) {
        return answer.arm() == null ? NO_ARM : answer.arm();
    }

    private static <K> Map<K, Long> sums(Map<K, LongAdder> counters) {
        Map<K, Long> sums = new TreeMap<>();
        counters.forEach((key, count) -> sums.put(key, count.sum()));
        return sums;
    }
}

package io.sluice.router.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.core.event.DeadLetter;
import io.sluice.core.event.DeadLetterCause;
import io.sluice.core.topic.Topic;
import io.sluice.core.topic.TopicNames;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the records the jobs gave up on, read from the {@code dead-letters} topic, by the topic
 * they came from and their cause. Above all the feedback and labels that never met their decision
 * or judge score, and feedback that came after its window closed: each was accepted with 202, so an app that sends wrong ids sees it here, in
 * {@code /healthz} and in {@code sluice_router_dead_letters_total}.
 *
 * <p>A router reads the topic from the start of its retention (Kafka's, 7 days unless the topic
 * says otherwise), so every router shows the same totals, and a restarted one the totals it showed
 * before, once it has read them back; it reads them beside serving, never before. The totals are
 * the topic's, not this router's share: across routers take the largest, never the sum.
 */
public final class DeadLetterTally {
    private final MeterRegistry registry;
    private final TopicNames topics;
    private final LongAdder unmatchedRewards = new LongAdder();
    private final LongAdder unmatchedLabels = new LongAdder();
    private final LongAdder lateRewards = new LongAdder();

    public DeadLetterTally(MeterRegistry registry, TopicNames topics) {
        this.registry = registry;
        this.topics = topics;
        counter(Topic.REWARDS.suffix(), DeadLetterCause.UNMATCHED_REWARD);
        counter(Topic.JUDGE_SCORES.suffix(), DeadLetterCause.UNMATCHED_REWARD);
        counter(Topic.LABELS.suffix(), DeadLetterCause.UNMATCHED_LABEL);
        counter(Topic.REWARDS.suffix(), DeadLetterCause.LATE_REWARD);
    }

    public void count(DeadLetter deadLetter) {
        String source = deadLetter.sourceTopic().startsWith(topics.prefix())
                ? deadLetter.sourceTopic().substring(topics.prefix().length()) : deadLetter.sourceTopic();
        counter(source, deadLetter.cause()).increment();
        if (deadLetter.cause() == DeadLetterCause.UNMATCHED_REWARD) {
            unmatchedRewards.increment();
        } else if (deadLetter.cause() == DeadLetterCause.UNMATCHED_LABEL) {
            unmatchedLabels.increment();
        } else if (deadLetter.cause() == DeadLetterCause.LATE_REWARD) {
            lateRewards.increment();
        }
    }

    /** Feedback that came after its request's attribution window had closed, so it was never applied. */
    public long lateRewards() {
        return lateRewards.sum();
    }

    /** Feedback (and judge scores) whose decision never arrived. */
    public long unmatchedRewards() {
        return unmatchedRewards.sum();
    }

    /** Labels that no judge score met. */
    public long unmatchedLabels() {
        return unmatchedLabels.sum();
    }

    private Counter counter(String source, DeadLetterCause cause) {
        return Counter.builder("sluice.router.dead.letters")
                .description("Records the jobs gave up on, read from the dead-letters topic, by source topic and cause")
                .tags("source", source, "cause", cause.wireName())
                .register(registry);
    }
}

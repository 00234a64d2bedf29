package io.sluice.flink.rewardjoin;

import io.sluice.core.event.DeadLetter;
import io.sluice.core.event.Exposure;
import io.sluice.core.event.JudgeScore;
import io.sluice.core.event.Outcome;
import io.sluice.core.event.Reward;
import io.sluice.core.event.SchemaVersion;
import io.sluice.core.event.Signal;
import io.sluice.core.judge.Rubric;
import io.sluice.core.reward.RewardSettlement;
import io.sluice.core.reward.SettledReward;
import io.sluice.flink.experiments.SpecChange;
import io.sluice.flink.experiments.SpecRevisions;
import io.sluice.flink.job.ProcessingTimeRetention;
import io.sluice.flink.serde.DeadLetterSplit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Joins the rewards of a request to its exposure and settles them into exactly one
 * {@link Outcome} when the experiment's attribution window has closed. Keyed by request id;
 * experiment specs come in as broadcast state.
 *
 * <p><b>Life of a request.</b> Whichever of exposure and rewards comes first waits in keyed
 * state. When the exposure is there and its spec is known, an event-time timer is set for
 * {@link RewardSettlement#windowCloses}; when the watermark passes it, the rewards are settled by
 * {@link RewardSettlement#settle} (the one place rewards are combined, so analyses agree) and the
 * outcome is emitted with the timer's time. The request's value is then removed, and only a
 * settled marker (the settlement time) is kept, in its own state: until the watermark passes the
 * settlement plus {@code settledRetention}, rewards arriving for the request are never applied;
 * each goes to {@link #DEAD_LETTERS} with cause {@code late_reward}, so the app that sent it late
 * can be found, and a second exposure is ignored. The outcome's settlement time is event time (the
 * timer's), not the wall clock, so a replay after a failure settles a request the same way.
 *
 * <p><b>Forgetting without a timer per request.</b> Whether the marker still counts is decided
 * when it is read, against the watermark, which is what a timer at the end of the retention would
 * have decided. The marker is removed from state by the state's time-to-live, the same retention
 * in processing time after it was written (RocksDB drops it while compacting): a second timer per
 * request, with its state read and its place in every checkpoint, cost a fifth of the join's time.
 * A job stopped for longer than the retention therefore forgets the requests settled before the
 * stop sooner; their late rewards become orphans (dead letters with cause {@code unmatched_reward}).
 *
 * <p><b>What waits, and how long</b> (see {@link RewardJoinSettings}): a reward (or judge score)
 * without its exposure waits {@code orphanRewardTtl} from its own time, then goes to
 * {@link #DEAD_LETTERS} with cause {@code unmatched_reward} and a reason naming the request: the
 * app accepted a 202 for it, so it must not vanish unseen. Each waits for its own time to run out. An
 * exposure whose spec has not reached this operator is kept until the spec arrives. Broadcast
 * and keyed inputs are not ordered: on a fresh start the exposures' backlog can run far ahead of
 * the small experiments topic, and in a bounded run the exposures can end before the specs are
 * read. So the wait is bounded in processing time ({@code specWait}, then the exposure goes to the
 * dead-letter output with the reason), never in event time, and a spec's arrival settles at once
 * the waiting exposures whose window has already closed; the others get their timer from an
 * event-time retry that looks again as the watermark moves.
 *
 * <p><b>Duplicates.</b> Rewards with the same signal, value and time (an app retrying) count once.
 * A second exposure for a request already known is ignored and counted: the first decision is the
 * one the user saw.
 *
 * <p><b>The judge's score as a reward.</b> A judge score joins its request like a reward, waiting
 * in keyed state for the exposure if it comes first. At settlement, a score that carries a
 * calibrated value becomes the {@code judge} signal: worth {@code rubric.normalize(calibratedScore)}
 * (the calibrated score's place on the rubric's scale, from 0 at the lowest level to 1 at the
 * highest, clamped to that range), with the score's {@code judged_at} as the time it occurred, so
 * it counts only within the attribution window and under the weight the reward definition gives
 * {@code judge}. The rubric is the one of the spec in force at settlement. Uncalibrated and failed
 * scores are no reward: a raw score is on no scale the humans agreed to, and a failure has no
 * score at all; both are counted and dropped. A request holds one score per judge fingerprint, the
 * first to arrive: the online judge writes at least once, and a score is the same score when its
 * request and fingerprint are.
 *
 * <p>Event time is in milliseconds; the window's close is rounded up to the next millisecond so
 * the timer never fires before the instant the settlement rules compare against.
 */
public final class RewardJoinFunction extends KeyedBroadcastProcessFunction<String, JoinEvent, SpecChange, Outcome> {
    private static final long serialVersionUID = 1L;

    /**
     * Exposures given up because their experiment's spec never arrived, rewards and judge scores
     * given up because their exposure never did, and rewards that came after their outcome.
     */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = DeadLetterSplit.DEAD_LETTERS;

    /**
     * How long after a timer fires with the spec still missing the timer is tried again, in event
     * time. Only the event-time timer retries; the processing-time give-up bounds the wait.
     */
    static final Duration SPEC_RETRY = Duration.ofSeconds(1);

    static final ValueStateDescriptor<RequestJoin> JOIN =
            new ValueStateDescriptor<>("request-join", TypeInformation.of(RequestJoin.class));
    /**
     * The experiment whose spec the exposure waits for, so a spec's arrival finds its waiting
     * exposures without scanning all of them. Written only while a spec is missing, so the common
     * path never touches it. Emptied rather than removed while those are visited: a state must not
     * lose entries while its keys are being iterated.
     */
    static final ValueStateDescriptor<String> AWAITING_SPEC = new ValueStateDescriptor<>("awaiting-spec", Types.STRING);
    private static final String NOT_AWAITING = "";

    /** The settled marker's state: the event time the request was settled at. */
    static ValueStateDescriptor<Long> settledDescriptor(Duration retention) {
        ValueStateDescriptor<Long> descriptor = new ValueStateDescriptor<>("settled-at", Types.LONG);
        descriptor.enableTimeToLive(ProcessingTimeRetention.afterWrite(retention));
        return descriptor;
    }

    private final RewardJoinSettings settings;

    private transient ValueState<RequestJoin> join;
    private transient ValueState<String> awaitingSpec;
    private transient ValueState<Long> settled;
    private transient SpecRevisions specs;
    private transient JoinDeadLetters deadLetters;
    private transient Counter outcomes;
    private transient Counter lateRewards;
    private transient Counter duplicateRewards;
    private transient Counter expiredOrphanRewards;
    private transient Counter duplicateExposures;
    private transient Counter exposuresWithoutSpec;
    private transient Counter judgeScoresSettled;
    private transient Counter uncalibratedJudgeScores;
    private transient Counter failedJudgeScores;
    private transient Counter duplicateJudgeScores;
    private transient Counter lateJudgeScores;

    public RewardJoinFunction(RewardJoinSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        join = getRuntimeContext().getState(JOIN);
        awaitingSpec = getRuntimeContext().getState(AWAITING_SPEC);
        settled = getRuntimeContext().getState(settledDescriptor(settings.settledRetention()));
        specs = new SpecRevisions();
        deadLetters = new JoinDeadLetters(settings);
        var metrics = getRuntimeContext().getMetricGroup();
        outcomes = metrics.counter("outcomes");
        lateRewards = metrics.counter("lateRewards");
        duplicateRewards = metrics.counter("duplicateRewards");
        expiredOrphanRewards = metrics.counter("expiredOrphanRewards");
        duplicateExposures = metrics.counter("duplicateExposures");
        exposuresWithoutSpec = metrics.counter("exposuresWithoutSpec");
        judgeScoresSettled = metrics.counter("judgeScoresSettled");
        uncalibratedJudgeScores = metrics.counter("uncalibratedJudgeScores");
        failedJudgeScores = metrics.counter("failedJudgeScores");
        duplicateJudgeScores = metrics.counter("duplicateJudgeScores");
        lateJudgeScores = metrics.counter("lateJudgeScores");
    }

    private RequestJoin current() throws Exception {
        RequestJoin held = join.value();
        return held == null ? RequestJoin.EMPTY : held;
    }

    /**
     * When the current request was settled, if it is still remembered at this watermark; null if
     * it never was or has been forgotten. Only read when no exposure is held: a settled request
     * holds none.
     */
    private Long settledAt(long watermark) throws Exception {
        Long at = settled.value();
        if (at != null && watermark >= plus(at, settings.settledRetention())) {
            settled.clear();
            return null;
        }
        return at;
    }

    @Override
    public void processBroadcastElement(SpecChange change, Context ctx, Collector<Outcome> out) throws Exception {
        Optional<SpecRevisions.Revision> revision = specs.applyAndFind(ctx.getBroadcastState(SpecRevisions.STATE), change);
        if (revision.isEmpty()) {
            return;
        }
        SpecRevisions.Revision spec = revision.get();
        RewardSettlement settlement = spec.settlement();
        long watermark = ctx.currentWatermark();
        ctx.applyToKeyedState(AWAITING_SPEC, (requestId, awaiting) -> {
            if (!change.experiment().equals(awaiting.value())) {
                return;
            }
            awaiting.update(NOT_AWAITING);
            RequestJoin request = current();
            Exposure decision = request.decision();
            if (decision == null) {
                return;
            }
            long close = closeOf(decision, settlement);
            if (close <= watermark) {
                // At the end of a bounded input the watermark is the end of time; the window's
                // close is the honest settlement time then.
                long settledTime = watermark == Long.MAX_VALUE ? close : watermark;
                out.collect(outcomeOf(request, spec, settledTime));
                outcomes.inc();
                // The awaiting marker, emptied, cannot be removed while its keys are visited: the
                // pending retry or give-up timer removes it, with this leftover.
                settled.update(settledTime);
                join.update(RequestJoin.EMPTY.withAwaitingSpec(true));
            }
        });
    }

    @Override
    public void processElement(JoinEvent event, ReadOnlyContext ctx, Collector<Outcome> out) throws Exception {
        if (event.exposure() != null) {
            onExposure(event.exposure(), ctx);
        } else if (event.reward() != null) {
            onReward(event.reward(), ctx);
        } else {
            onJudgeScore(event.judgeScore(), ctx);
        }
    }

    private void onExposure(Exposure decision, ReadOnlyContext ctx) throws Exception {
        RequestJoin request = current();
        if (request.decision() != null || settledAt(ctx.timerService().currentWatermark()) != null) {
            duplicateExposures.inc();
            return;
        }
        request = request.withDecision(decision);
        Optional<SpecRevisions.Revision> revision =
                specs.find(ctx.getBroadcastState(SpecRevisions.STATE), decision.experiment());
        if (revision.isPresent()) {
            ctx.timerService().registerEventTimeTimer(closeOf(decision, revision.get().settlement()));
        } else {
            awaitingSpec.update(decision.experiment());
            request = request.withAwaitingSpec(true);
            TimerService timers = ctx.timerService();
            timers.registerProcessingTimeTimer(plus(timers.currentProcessingTime(), settings.specWait()));
            retry(millis(decision.decidedAt()), timers);
        }
        join.update(request);
    }

    private void onReward(Reward reward, ReadOnlyContext ctx) throws Exception {
        RequestJoin request = current();
        Long settledAt = request.decision() == null ? settledAt(ctx.timerService().currentWatermark()) : null;
        if (settledAt != null) {
            lateRewards.inc();
            ctx.output(DEAD_LETTERS, deadLetters.late(reward, settledAt, now(ctx.timerService())));
            return;
        }
        for (Reward held : request.rewards()) {
            if (sameReport(held, reward)) {
                duplicateRewards.inc();
                return;
            }
        }
        join.update(request.withReward(reward));
        if (request.decision() == null) {
            ctx.timerService().registerEventTimeTimer(plus(millis(reward.occurredAt()), settings.orphanRewardTtl()));
        }
    }

    private void onJudgeScore(JudgeScore score, ReadOnlyContext ctx) throws Exception {
        if (score.failed()) {
            failedJudgeScores.inc();
            return;
        }
        if (score.calibratedScore() == null) {
            uncalibratedJudgeScores.inc();
            return;
        }
        RequestJoin request = current();
        if (request.decision() == null && settledAt(ctx.timerService().currentWatermark()) != null) {
            lateJudgeScores.inc();
            return;
        }
        for (JudgeScore held : request.judgeScores()) {
            if (held.fingerprint().equals(score.fingerprint())) {
                duplicateJudgeScores.inc();
                return;
            }
        }
        join.update(request.withJudgeScore(score));
        if (request.decision() == null) {
            ctx.timerService().registerEventTimeTimer(plus(millis(score.judgedAt()), settings.orphanRewardTtl()));
        }
    }

    /**
     * Timers of several purposes share a key (settlement, spec retries, orphan expiry, giving up
     * on a spec); each firing re-examines the state instead of trusting its purpose, so a stale
     * timer does nothing and a due action is never missed.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Outcome> out) throws Exception {
        RequestJoin request = current();
        if (request.holdsNothing()) {
            if (request.awaitingSpec()) {
                forget(request);
            }
            return;
        }
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            giveUpIfStillWithoutSpec(request, ctx);
            return;
        }
        Exposure decision = request.decision();
        if (decision == null) {
            expireOrphans(request, timestamp, ctx);
            return;
        }
        Optional<SpecRevisions.Revision> revision =
                specs.find(ctx.getBroadcastState(SpecRevisions.STATE), decision.experiment());
        if (revision.isEmpty()) {
            retry(timestamp, ctx.timerService());
            return;
        }
        long close = closeOf(decision, revision.get().settlement());
        if (timestamp >= close) {
            out.collect(outcomeOf(request, revision.get(), timestamp));
            outcomes.inc();
            closeRequest(request, timestamp);
        } else {
            ctx.timerService().registerEventTimeTimer(close);
        }
    }

    private Outcome outcomeOf(RequestJoin request, SpecRevisions.Revision spec, long settledTime) {
        Exposure decision = request.decision();
        RewardSettlement settlement = spec.settlement();
        List<Reward> received = new ArrayList<>(request.rewards());
        Rubric rubric = spec.spec().judge().rubric();
        if (rubric != null) {
            for (JudgeScore score : request.judgeScores()) {
                received.add(judgeReward(score, rubric));
                judgeScoresSettled.inc();
            }
        }
        SettledReward settled = settlement.settle(decision.decidedAt(), received);
        Instant lastRewardAt = null;
        for (Reward reward : received) {
            if (settlement.inWindow(decision.decidedAt(), reward) && !Double.isNaN(settlement.valueOf(reward))
                    && (lastRewardAt == null || reward.receivedAt().isAfter(lastRewardAt))) {
                lastRewardAt = reward.receivedAt();
            }
        }
        return new Outcome(SchemaVersion.CURRENT, decision.requestId(), decision.experiment(), decision.arm(),
                decision.unit(), decision.propensity(), decision.policyVersion(), decision.inExperiment(),
                settled.value(), settled.observed(), settled.signals(), decision.decidedAt(),
                Instant.ofEpochMilli(settledTime), lastRewardAt);
    }

    /**
     * Looks for the spec again when the watermark next moves. Never at or below the watermark: a
     * timer there would fire again within the same advance, in a tight loop while the spec is
     * missing. At the end of time nothing is left to wait for but the spec itself, whose arrival
     * settles the exposure.
     */
    private static void retry(long now, TimerService timers) {
        long watermark = timers.currentWatermark();
        if (watermark != Long.MAX_VALUE) {
            timers.registerEventTimeTimer(Math.max(plus(now, SPEC_RETRY), watermark + 1));
        }
    }

    private void giveUpIfStillWithoutSpec(RequestJoin request, OnTimerContext ctx) throws Exception {
        Exposure decision = request.decision();
        if (decision == null
                || specs.find(ctx.getBroadcastState(SpecRevisions.STATE), decision.experiment()).isPresent()) {
            return;
        }
        exposuresWithoutSpec.inc();
        ctx.output(DEAD_LETTERS, deadLetters.withoutSpec(decision, now(ctx.timerService())));
        long watermark = ctx.timerService().currentWatermark();
        closeRequest(request, watermark == Long.MAX_VALUE ? millis(decision.decidedAt())
                : Math.max(watermark, millis(decision.decidedAt())));
    }

    /** Keeps only the marker that recognises late rewards and later duplicates, until it is forgotten too. */
    private void closeRequest(RequestJoin request, long closedAt) throws Exception {
        forget(request);
        settled.update(closedAt);
    }

    private void forget(RequestJoin request) throws Exception {
        join.clear();
        if (request.awaitingSpec()) {
            awaitingSpec.clear();
        }
    }

    /**
     * Rewards and judge scores whose decision never arrived within the orphan TTL: the id was never
     * issued, its exposure was lost, or they came so long after the outcome that the request had
     * been forgotten ({@code settledRetention}). Each goes to the dead-letter topic with the reason,
     * so the app that sent it can be found, rather than vanishing. Only those whose own TTL has run
     * out: a later reward of the same request waits for its own timer.
     */
    private void expireOrphans(RequestJoin request, long timestamp, OnTimerContext ctx) throws Exception {
        Instant now = now(ctx.timerService());
        List<Reward> keptRewards = new ArrayList<>();
        for (Reward reward : request.rewards()) {
            if (plus(millis(reward.occurredAt()), settings.orphanRewardTtl()) <= timestamp) {
                ctx.output(DEAD_LETTERS, deadLetters.orphan(reward, now));
            } else {
                keptRewards.add(reward);
            }
        }
        List<JudgeScore> keptScores = new ArrayList<>();
        for (JudgeScore score : request.judgeScores()) {
            if (plus(millis(score.judgedAt()), settings.orphanRewardTtl()) <= timestamp) {
                ctx.output(DEAD_LETTERS, deadLetters.orphan(score, now));
            } else {
                keptScores.add(score);
            }
        }
        int expired = request.rewards().size() - keptRewards.size() + request.judgeScores().size() - keptScores.size();
        if (expired == 0) {
            return;
        }
        expiredOrphanRewards.inc(expired);
        RequestJoin kept = request.withWaiting(keptRewards, keptScores);
        if (kept.holdsNothing()) {
            forget(kept);
        } else {
            join.update(kept);
        }
    }

    /** A calibrated judge score as the {@code judge} signal: its place on the rubric's scale, in [0, 1]. */
    static Reward judgeReward(JudgeScore score, Rubric rubric) {
        double value = Math.max(0.0, Math.min(1.0, rubric.normalize(score.calibratedScore())));
        return new Reward(SchemaVersion.CURRENT, score.requestId(), Signal.JUDGE, value, score.judgedAt(),
                score.judgedAt());
    }

    /** What makes two reports the same report: signal, value and when the user acted. */
    static boolean sameReport(Reward a, Reward b) {
        return a.signal() == b.signal() && Objects.equals(a.value(), b.value())
                && a.occurredAt().equals(b.occurredAt());
    }

    private static long closeOf(Exposure decision, RewardSettlement settlement) {
        Instant close = settlement.windowCloses(decision.decidedAt());
        long ms = close.toEpochMilli();
        return close.getNano() % 1_000_000 == 0 ? ms : ms + 1;
    }

    private static Instant now(TimerService timers) {
        return Instant.ofEpochMilli(timers.currentProcessingTime());
    }

    private static long millis(Instant instant) {
        return instant.toEpochMilli();
    }

    private static long plus(long millis, Duration duration) {
        long sum = millis + duration.toMillis();
        return sum < millis ? Long.MAX_VALUE : sum;
    }
}

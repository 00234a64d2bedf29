package io.sluice.flink.rewardjoin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.core.event.DeadLetter;
import io.sluice.core.event.DeadLetterCause;
import io.sluice.core.event.Exposure;
import io.sluice.core.event.JudgeScore;
import io.sluice.core.event.Outcome;
import io.sluice.core.event.Reward;
import io.sluice.core.event.SchemaVersion;
import io.sluice.core.event.Signal;
import io.sluice.core.json.HumanDuration;
import io.sluice.core.json.SluiceJson;
import io.sluice.core.judge.Rubric;
import io.sluice.core.reward.RewardSettlement;
import io.sluice.core.reward.SettledReward;
import io.sluice.core.topic.Topic;
import io.sluice.flink.experiments.SpecChange;
import io.sluice.flink.experiments.SpecRevisions;
import io.sluice.flink.serde.Decoded;
import io.sluice.flink.serde.DeadLetterSplit;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
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
 * outcome is emitted with the timer's time. The request is then remembered as settled for
 * {@code settledRetention}: rewards arriving in that time are never applied; each goes to
 * {@link #DEAD_LETTERS} with cause {@code late_reward}, so the app that sent it late can be found. The outcome's settlement time is event time (the timer's), not the
 * wall clock, so a replay after a failure settles a request the same way.
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
public final class RewardJoinFunction extends KeyedBroadcastProcessFunction<String, Decoded, SpecChange, Outcome> {
    private static final long serialVersionUID = 1L;

    /**
     * Exposures given up because their experiment's spec never arrived, and rewards and judge
     * scores given up because their exposure never did.
     */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = DeadLetterSplit.DEAD_LETTERS;

    /**
     * How often, in event time, an exposure without a spec looks again. Specs usually arrive
     * within moments of the exposure, so a short interval settles the exposure close to on time.
     */
    static final Duration SPEC_RETRY = Duration.ofSeconds(1);

    static final ValueStateDescriptor<Exposure> EXPOSURE =
            new ValueStateDescriptor<>("exposure", TypeInformation.of(Exposure.class));
    /** Rewards by {@link #identity(Reward)}, which is what makes a repeated report count once. */
    static final MapStateDescriptor<String, Reward> REWARDS =
            new MapStateDescriptor<>("rewards", Types.STRING, TypeInformation.of(Reward.class));
    /** Calibrated judge scores by fingerprint: one per judge, the first to arrive. */
    static final MapStateDescriptor<String, JudgeScore> JUDGE_SCORES =
            new MapStateDescriptor<>("judge-scores", Types.STRING, TypeInformation.of(JudgeScore.class));
    /** The event time at which the request was settled; present while it is remembered. */
    static final ValueStateDescriptor<Long> SETTLED_AT = new ValueStateDescriptor<>("settled-at", Types.LONG);
    /**
     * The experiment whose spec the exposure waits for, so a spec's arrival finds its waiting
     * exposures without scanning all of them. Emptied rather than removed while those are visited:
     * a state must not lose entries while its keys are being iterated.
     */
    static final ValueStateDescriptor<String> AWAITING_SPEC = new ValueStateDescriptor<>("awaiting-spec", Types.STRING);
    private static final String NOT_AWAITING = "";

    private final RewardJoinSettings settings;

    private transient ValueState<Exposure> exposure;
    private transient MapState<String, Reward> rewards;
    private transient MapState<String, JudgeScore> judgeScores;
    private transient ValueState<Long> settledAt;
    private transient ValueState<String> awaitingSpec;
    private transient SpecRevisions specs;
    private transient ObjectMapper mapper;
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
        exposure = getRuntimeContext().getState(EXPOSURE);
        rewards = getRuntimeContext().getMapState(REWARDS);
        judgeScores = getRuntimeContext().getMapState(JUDGE_SCORES);
        settledAt = getRuntimeContext().getState(SETTLED_AT);
        awaitingSpec = getRuntimeContext().getState(AWAITING_SPEC);
        specs = new SpecRevisions();
        mapper = SluiceJson.create();
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

    @Override
    public void processBroadcastElement(SpecChange change, Context ctx, Collector<Outcome> out) throws Exception {
        SpecRevisions.apply(ctx.getBroadcastState(SpecRevisions.STATE), change);
        if (change.isDeletion()) {
            return;
        }
        Optional<SpecRevisions.Revision> revision =
                specs.find(ctx.getBroadcastState(SpecRevisions.STATE), change.experiment());
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
            Exposure decision = exposure.value();
            if (decision == null || settledAt.value() != null) {
                awaiting.update(NOT_AWAITING);
                return;
            }
            long close = closeOf(decision, settlement);
            if (close <= watermark) {
                // At the end of a bounded input the watermark is the end of time; the window's
                // close is the honest settlement time then.
                long settledTime = watermark == Long.MAX_VALUE ? close : watermark;
                out.collect(outcomeOf(decision, spec, settledTime));
                outcomes.inc();
                exposure.clear();
                rewards.clear();
                judgeScores.clear();
                settledAt.update(settledTime);
                awaiting.update(NOT_AWAITING);
                // The marker's cleanup timer is set by the pending retry timer: timers cannot be
                // set from here.
            }
        });
    }

    @Override
    public void processElement(Decoded event, ReadOnlyContext ctx, Collector<Outcome> out) throws Exception {
        if (event.exposure() != null) {
            onExposure(event.exposure(), ctx);
        } else if (event.reward() != null) {
            onReward(event.reward(), ctx);
        } else if (event.judgeScore() != null) {
            onJudgeScore(event.judgeScore(), ctx);
        } else {
            throw new IllegalArgumentException("the reward join takes exposures, rewards and judge scores, got "
                    + event);
        }
    }

    private void onExposure(Exposure decision, ReadOnlyContext ctx) throws Exception {
        if (settledAt.value() != null || exposure.value() != null) {
            duplicateExposures.inc();
            return;
        }
        exposure.update(decision);
        Optional<SpecRevisions.Revision> revision =
                specs.find(ctx.getBroadcastState(SpecRevisions.STATE), decision.experiment());
        if (revision.isPresent()) {
            ctx.timerService().registerEventTimeTimer(closeOf(decision, revision.get().settlement()));
        } else {
            awaitingSpec.update(decision.experiment());
            TimerService timers = ctx.timerService();
            timers.registerProcessingTimeTimer(plus(timers.currentProcessingTime(), settings.specWait()));
            retry(millis(decision.decidedAt()), timers);
        }
    }

    private void onReward(Reward reward, ReadOnlyContext ctx) throws Exception {
        Long settled = settledAt.value();
        if (settled != null) {
            lateRewards.inc();
            ctx.output(DEAD_LETTERS, new DeadLetter(SchemaVersion.CURRENT, settings.topics().of(Topic.REWARDS), -1, -1,
                    reward.requestId(), mapper.writeValueAsBytes(reward), "late " + reward.signal().wireName()
                            + " reward: the outcome of request_id " + reward.requestId() + " was settled at "
                            + Instant.ofEpochMilli(settled) + ", when its attribution window closed, before this "
                            + "reward reached the job", DeadLetterCause.LATE_REWARD, settings.consumer(),
                    Instant.ofEpochMilli(ctx.timerService().currentProcessingTime())));
            return;
        }
        String identity = identity(reward);
        if (rewards.contains(identity)) {
            duplicateRewards.inc();
            return;
        }
        rewards.put(identity, reward);
        if (exposure.value() == null) {
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
        if (settledAt.value() != null) {
            lateJudgeScores.inc();
            return;
        }
        if (judgeScores.contains(score.fingerprint())) {
            duplicateJudgeScores.inc();
            return;
        }
        judgeScores.put(score.fingerprint(), score);
        if (exposure.value() == null) {
            ctx.timerService().registerEventTimeTimer(plus(millis(score.judgedAt()), settings.orphanRewardTtl()));
        }
    }

    /**
     * Timers of several purposes share a key (settlement, spec retries, orphan expiry, forgetting
     * the settled marker); each firing re-examines the state instead of trusting its purpose, so a
     * stale timer does nothing and a due action is never missed.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Outcome> out) throws Exception {
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            giveUpIfStillWithoutSpec(ctx);
            return;
        }
        Long settled = settledAt.value();
        if (settled != null) {
            long forgetAt = plus(settled, settings.settledRetention());
            if (timestamp >= forgetAt) {
                settledAt.clear();
                awaitingSpec.clear();
            } else {
                ctx.timerService().registerEventTimeTimer(forgetAt);
            }
            return;
        }
        Exposure decision = exposure.value();
        if (decision == null) {
            expireOrphans(timestamp, ctx);
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
            settle(decision, revision.get(), timestamp, ctx, out);
        } else {
            ctx.timerService().registerEventTimeTimer(close);
        }
    }

    private void settle(Exposure decision, SpecRevisions.Revision spec, long timestamp, ReadOnlyContext ctx,
            Collector<Outcome> out) throws Exception {
        out.collect(outcomeOf(decision, spec, timestamp));
        outcomes.inc();
        closeRequest(timestamp, ctx.timerService());
    }

    private Outcome outcomeOf(Exposure decision, SpecRevisions.Revision spec, long settledTime) throws Exception {
        RewardSettlement settlement = spec.settlement();
        List<Reward> received = new ArrayList<>();
        rewards.values().forEach(received::add);
        Rubric rubric = spec.spec().judge().rubric();
        for (JudgeScore score : judgeScores.values()) {
            if (rubric != null) {
                received.add(judgeReward(score, rubric));
                judgeScoresSettled.inc();
            }
        }
        SettledReward settled = settlement.settle(decision.decidedAt(), received);
        Instant lastRewardAt = received.stream()
                .filter(r -> settlement.inWindow(decision.decidedAt(), r) && !Double.isNaN(settlement.valueOf(r)))
                .map(Reward::receivedAt)
                .max(Instant::compareTo)
                .orElse(null);
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

    private void giveUpIfStillWithoutSpec(OnTimerContext ctx) throws Exception {
        Exposure decision = exposure.value();
        if (decision == null || settledAt.value() != null
                || specs.find(ctx.getBroadcastState(SpecRevisions.STATE), decision.experiment()).isPresent()) {
            return;
        }
        exposuresWithoutSpec.inc();
        ctx.output(DEAD_LETTERS, new DeadLetter(SchemaVersion.CURRENT, settings.topics().of(Topic.EXPOSURES), -1, -1,
                decision.requestId(), json(decision), "exposure not settled: the spec of experiment '"
                        + decision.experiment() + "' did not arrive within " + settings.specWait(),
                DeadLetterCause.NO_SPEC, settings.consumer(), Instant.ofEpochMilli(ctx.timerService().currentProcessingTime())));
        long watermark = ctx.timerService().currentWatermark();
        closeRequest(watermark == Long.MAX_VALUE ? millis(decision.decidedAt())
                : Math.max(watermark, millis(decision.decidedAt())), ctx.timerService());
    }

    /** Keeps only the marker that recognises late rewards and later duplicates, until it is forgotten too. */
    private void closeRequest(long closedAt, TimerService timers) throws Exception {
        exposure.clear();
        rewards.clear();
        judgeScores.clear();
        awaitingSpec.clear();
        settledAt.update(closedAt);
        timers.registerEventTimeTimer(plus(closedAt, settings.settledRetention()));
    }

    /**
     * Rewards and judge scores whose decision never arrived within the orphan TTL: the id was never
     * issued, its exposure was lost, or they came so long after the outcome that the request had
     * been forgotten ({@code settledRetention}). Each goes to the dead-letter topic with the reason,
     * so the app that sent it can be found, rather than vanishing. Only those whose own TTL has run
     * out: a later reward of the same request waits for its own timer.
     */
    private void expireOrphans(long timestamp, OnTimerContext ctx) throws Exception {
        Instant now = Instant.ofEpochMilli(ctx.timerService().currentProcessingTime());
        String why = "no exposure with request_id " + ctx.getCurrentKey() + " arrived within the orphan TTL ("
                + HumanDuration.format(settings.orphanRewardTtl()) + "): the id was never issued, its decision was "
                + "lost, or it came more than " + HumanDuration.format(settings.settledRetention())
                + " after its outcome was settled";
        List<String> expired = new ArrayList<>();
        for (var entry : rewards.entries()) {
            Reward reward = entry.getValue();
            if (plus(millis(reward.occurredAt()), settings.orphanRewardTtl()) <= timestamp) {
                expired.add(entry.getKey());
                ctx.output(DEAD_LETTERS, new DeadLetter(SchemaVersion.CURRENT, settings.topics().of(Topic.REWARDS), -1,
                        -1, reward.requestId(), mapper.writeValueAsBytes(reward), "unmatched " + reward.signal().wireName()
                                + " reward: " + why, DeadLetterCause.UNMATCHED_REWARD, settings.consumer(), now));
            }
        }
        for (String identity : expired) {
            rewards.remove(identity);
        }
        List<String> expiredScores = new ArrayList<>();
        for (var entry : judgeScores.entries()) {
            JudgeScore score = entry.getValue();
            if (plus(millis(score.judgedAt()), settings.orphanRewardTtl()) <= timestamp) {
                expiredScores.add(entry.getKey());
                ctx.output(DEAD_LETTERS, new DeadLetter(SchemaVersion.CURRENT, settings.topics().of(Topic.JUDGE_SCORES),
                        -1, -1, score.requestId(), mapper.writeValueAsBytes(score), "unmatched judge score: " + why,
                        DeadLetterCause.UNMATCHED_REWARD, settings.consumer(), now));
            }
        }
        for (String fingerprint : expiredScores) {
            judgeScores.remove(fingerprint);
        }
        expiredOrphanRewards.inc(expired.size() + expiredScores.size());
    }

    /** A calibrated judge score as the {@code judge} signal: its place on the rubric's scale, in [0, 1]. */
    static Reward judgeReward(JudgeScore score, Rubric rubric) {
        double value = Math.max(0.0, Math.min(1.0, rubric.normalize(score.calibratedScore())));
        return new Reward(SchemaVersion.CURRENT, score.requestId(), Signal.JUDGE, value, score.judgedAt(),
                score.judgedAt());
    }

    private byte[] json(Exposure decision) {
        try {
            return mapper.writeValueAsBytes(decision);
        } catch (JsonProcessingException e) {
            return decision.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** What makes two reports the same report: signal, value and when the user acted. */
    static String identity(Reward reward) {
        return reward.signal().wireName() + '|' + (reward.value() == null ? "" : reward.value()) + '|'
                + reward.occurredAt();
    }

    private static long closeOf(Exposure decision, RewardSettlement settlement) {
        Instant close = settlement.windowCloses(decision.decidedAt());
        long ms = close.toEpochMilli();
        return close.getNano() % 1_000_000 == 0 ? ms : ms + 1;
    }

    private static long millis(Instant instant) {
        return instant.toEpochMilli();
    }

    private static long plus(long millis, Duration duration) {
        long sum = millis + duration.toMillis();
        return sum < millis ? Long.MAX_VALUE : sum;
    }
}

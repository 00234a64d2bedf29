package io.sluice.flink.posterior;

import io.sluice.flink.serde.GivenUpRecord;
import io.sluice.core.event.DeadLetter;
import io.sluice.core.event.DeadLetterCause;
import io.sluice.core.event.Outcome;
import io.sluice.core.event.PosteriorSnapshot;
import io.sluice.core.event.SchemaVersion;
import io.sluice.core.posterior.ArmPosterior;
import io.sluice.flink.experiments.SpecChange;
import io.sluice.flink.experiments.SpecRevisions;
import io.sluice.flink.experiments.SpecWait;
import io.sluice.flink.serde.DeadLetterSplit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds the outcomes of one arm into its posterior and publishes every change as a
 * {@link PosteriorSnapshot}. Keyed by {@code experiment/arm}; specs come in as broadcast state and
 * give the prior ({@link ArmPosterior#prior}). The posterior math lives in {@link ArmPosterior}
 * only.
 *
 * <p>Only outcomes of in-experiment exposures count: units outside the traffic fraction got the
 * control arm with certainty and say nothing about which arm is better. The snapshot's version
 * grows by one with every outcome folded, so it equals the number of outcomes in the posterior;
 * its {@code updatedAt} is the outcome's settlement time (event time) and its
 * {@code lastRewardAt} the newest reward receipt folded in so far.
 *
 * <p><b>Recovery.</b> The snapshots leave through an at-least-once sink and are not held back
 * until a checkpoint completes: the router learns within moments. After a failure the keyed state
 * rolls back to the last checkpoint and the outcomes since then are folded again, so versions
 * already published are published again, with the same content as far as the replayed outcomes
 * arrive in the same order. Snapshots are complete states and the router applies a snapshot only
 * if its version is newer than the one it holds, so it converges on the recovered state; at worst
 * it keeps, for a moment, a snapshot from the failed attempt with the same version as the replay.
 *
 * <p>An outcome that reaches this operator before its experiment's spec (broadcast inputs are not
 * ordered with the keyed one) waits in state; the spec's arrival folds the waiting outcomes of
 * its arms. If the spec does not come within {@code specWait} (processing time), they are given
 * up to the dead-letter output.
 *
 * <p>If a spec changes the reward family (bounded to unbounded or back), the arm starts over from
 * the new prior; the version keeps growing, so the router still takes the new state.
 */
public final class PosteriorFunction
        extends KeyedBroadcastProcessFunction<String, Outcome, SpecChange, PosteriorSnapshot> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PosteriorFunction.class);

    /** Outcomes given up because their experiment's spec never arrived. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = DeadLetterSplit.DEAD_LETTERS;

    static final ValueStateDescriptor<PosteriorSnapshot> LATEST =
            new ValueStateDescriptor<>("latest-snapshot", TypeInformation.of(PosteriorSnapshot.class));
    /** Outcomes waiting for the spec, in arrival order. */
    static final ListStateDescriptor<Outcome> WAITING = SpecWait.waitingState("waiting-outcomes", Outcome.class);

    private final Duration specWait;
    private final String outcomesTopic;
    private final String consumer;

    private transient ValueState<PosteriorSnapshot> latest;
    private transient SpecWait<Outcome> waiting;
    private transient SpecRevisions specs;
    private transient Counter updates;
    private transient Counter ignoredOutcomes;
    private transient Counter outcomesWithoutSpec;

    /**
     * @param specWait how long an outcome waits for its spec, from its settlement
     * @param outcomesTopic names the source of an outcome given up, in its dead letter
     * @param consumer names this job in dead letters
     */
    public PosteriorFunction(Duration specWait, String outcomesTopic, String consumer) {
        this.specWait = Objects.requireNonNull(specWait, "specWait");
        this.outcomesTopic = Objects.requireNonNull(outcomesTopic, "outcomesTopic");
        this.consumer = Objects.requireNonNull(consumer, "consumer");
    }

    /** The key of an outcome and of its arm's snapshots on the compacted topic. */
    public static String key(Outcome outcome) {
        return outcome.experiment() + "/" + outcome.arm();
    }

    @Override
    public void open(OpenContext openContext) {
        latest = getRuntimeContext().getState(LATEST);
        waiting = SpecWait.open(getRuntimeContext(), WAITING, specWait, Outcome::experiment);
        specs = new SpecRevisions();
        var metrics = getRuntimeContext().getMetricGroup();
        updates = metrics.counter("posteriorUpdates");
        ignoredOutcomes = metrics.counter("outOfExperimentOutcomes");
        outcomesWithoutSpec = metrics.counter("outcomesWithoutSpec");
    }

    @Override
    public void processBroadcastElement(SpecChange change, Context ctx, Collector<PosteriorSnapshot> out)
            throws Exception {
        Optional<ArmPosterior> prior = specs.applyAndFind(ctx.getBroadcastState(SpecRevisions.STATE), change)
                .map(revision -> revision.spec().armPrior());
        if (prior.isEmpty()) {
            return;
        }
        waiting.release(change.experiment(), ctx, outcomes -> foldAll(outcomes, prior, out));
    }

    @Override
    public void processElement(Outcome outcome, ReadOnlyContext ctx, Collector<PosteriorSnapshot> out)
            throws Exception {
        if (!outcome.inExperiment()) {
            ignoredOutcomes.inc();
            return;
        }
        Optional<ArmPosterior> prior = specs.find(ctx.getBroadcastState(SpecRevisions.STATE), outcome.experiment())
                .map(revision -> revision.spec().armPrior());
        PosteriorSnapshot current = latest.value();
        if (current == null && prior.isEmpty()) {
            waiting.hold(outcome, ctx.timerService());
            return;
        }
        if (waiting.isWaiting()) {
            // Earlier outcomes still wait; they go first.
            waiting.hold(outcome, ctx.timerService());
            foldAll(waiting.take(), prior, out);
            return;
        }
        PosteriorSnapshot next = fold(current, prior, outcome);
        latest.update(next);
        out.collect(next);
    }

    /** The only timer: the spec has not come within {@code specWait} of the first waiting outcome. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<PosteriorSnapshot> out) throws Exception {
        Optional<List<Outcome>> expired = waiting.expired(timestamp);
        if (expired.isEmpty() || expired.get().isEmpty()) {
            return;
        }
        List<Outcome> pending = expired.get();
        Optional<ArmPosterior> prior = specs.find(ctx.getBroadcastState(SpecRevisions.STATE),
                pending.get(0).experiment()).map(revision -> revision.spec().armPrior());
        if (latest.value() != null || prior.isPresent()) {
            foldAll(pending, prior, out);
            return;
        }
        String reason = "posterior not updated: the spec of experiment '" + pending.get(0).experiment()
                + "' did not arrive within " + specWait;
        Instant failedAt = Instant.ofEpochMilli(ctx.timerService().currentProcessingTime());
        for (Outcome outcome : pending) {
            outcomesWithoutSpec.inc();
            ctx.output(DEAD_LETTERS, new DeadLetter(SchemaVersion.CURRENT, outcomesTopic, -1, -1,
                    outcome.requestId(), GivenUpRecord.bytes(outcome), reason, DeadLetterCause.NO_SPEC, consumer,
                    failedAt));
        }
    }

    /** Folds outcomes in their order of arrival, publishing each step. */
    private void foldAll(List<Outcome> outcomes, Optional<ArmPosterior> prior, Collector<PosteriorSnapshot> out)
            throws Exception {
        PosteriorSnapshot current = latest.value();
        for (Outcome outcome : outcomes) {
            current = fold(current, prior, outcome);
            out.collect(current);
        }
        latest.update(current);
    }

    private PosteriorSnapshot fold(PosteriorSnapshot current, Optional<ArmPosterior> prior, Outcome outcome) {
        ArmPosterior posterior = current == null ? prior.orElseThrow() : ArmPosterior.of(current);
        if (prior.isPresent() && prior.get().family() != posterior.family()) {
            LOG.warn("Reward family of {} changed to {}: the arm starts over from its prior", key(outcome),
                    prior.get().family());
            posterior = prior.get();
        }
        long version = current == null ? 1 : current.version() + 1;
        Instant lastRewardAt = newest(current == null ? null : current.lastRewardAt(), outcome.lastRewardAt());
        updates.inc();
        return posterior.update(outcome.reward())
                .snapshot(outcome.experiment(), outcome.arm(), version, outcome.settledAt(), lastRewardAt);
    }

    private static Instant newest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}

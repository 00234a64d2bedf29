package io.sluice.bench;

import io.sluice.core.event.CallOutcome;
import io.sluice.core.event.Exposure;
import io.sluice.core.event.PolicyType;
import io.sluice.core.event.Reward;
import io.sluice.core.event.SchemaVersion;
import io.sluice.core.event.Signal;
import io.sluice.core.event.UnitType;
import io.sluice.core.experiment.ArmSpec;
import io.sluice.core.experiment.ExperimentSpec;
import io.sluice.core.reward.RewardSettlement;
import io.sluice.core.reward.SettledReward;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Decisions of one experiment and the signals users reported on them, seeded, as the router would
 * have logged them, with the reward each decision must settle to.
 *
 * <p>Decisions arrive as a Poisson stream of {@value #DECISIONS_PER_SECOND} per second of event
 * time, so the attribution windows open and close all along the stream. An exposure is written
 * when the upstream call ends, 0.2–3 s after its decision. Each decision gets no signal (25%),
 * one (50%) or two (25%): on average one reward per exposure. A user acts between the answer and
 * one window later, so some signals (about one in six with a 10 s window) fall after the window
 * and do not count; the
 * router accepts a signal up to 1 s after the user acted. Signals are positive (thumbs up, copy,
 * resolved) with the arm's success rate, negative (thumbs down, retry) otherwise. A unit outside
 * the experiment's traffic fraction is served the control arm with certainty.
 *
 * <p>No record reaches Kafka more than 3 s after its event time, within the job's 5 s
 * out-of-orderness: no reward that counts can be late, and every decision's outcome is the
 * settlement of all its in-window signals, which {@link #expectedReward} holds.
 */
final class JoinTraffic {
    static final int DECISIONS_PER_SECOND = 500;
    private static final double[] SUCCESS_RATES = {0.45, 0.55, 0.70};
    private static final List<Signal> POSITIVE = List.of(Signal.THUMBS_UP, Signal.COPY, Signal.RESOLVED);
    private static final List<Signal> NEGATIVE = List.of(Signal.THUMBS_DOWN, Signal.RETRY);

    /** A record and the moment it reaches its topic (its Kafka timestamp). */
    record Arrival(long atMillis, Exposure exposure, Reward reward) {
        String requestId() {
            return exposure != null ? exposure.requestId() : reward.requestId();
        }
    }

    final List<Arrival> arrivals;
    final int exposures;
    final int rewards;
    /** Rewards inside their decision's attribution window: the ones an outcome counts. */
    final int rewardsInWindow;
    /** The reward each decision settles to, by decision number (see {@link #decision}). */
    final double[] expectedReward;
    final boolean[] inExperiment;
    final int[] arm;
    final Instant start;

    private JoinTraffic(Instant start, List<Arrival> arrivals, int exposures, int rewards, int rewardsInWindow,
            double[] expectedReward, boolean[] inExperiment, int[] arm) {
        this.start = start;
        this.arrivals = arrivals;
        this.exposures = exposures;
        this.rewards = rewards;
        this.rewardsInWindow = rewardsInWindow;
        this.expectedReward = expectedReward;
        this.inExperiment = inExperiment;
        this.arm = arm;
    }

    /**
     * @param start the first decision's time. Recent, as for live traffic: the records' Kafka
     *     timestamps are their arrival times, and a broker deletes records older than its retention
     *     (7 days by default) and refuses ones far in the future.
     */
    static JoinTraffic generate(long seed, int decisions, ExperimentSpec spec, Instant start) {
        if (spec.arms().size() != SUCCESS_RATES.length) {
            throw new IllegalArgumentException("the traffic is for " + SUCCESS_RATES.length + " arms");
        }
        SplittableRandom random = new SplittableRandom(seed);
        RewardSettlement settlement = new RewardSettlement(spec.reward());
        long windowMillis = spec.reward().attributionWindow().toMillis();
        int control = indexOf(spec, spec.controlArm());
        String policyVersion = String.join(",", spec.arms().stream().map(a -> a.name() + ":1").toList());

        List<Arrival> arrivals = new ArrayList<>(2 * decisions);
        double[] expected = new double[decisions];
        boolean[] inExperiment = new boolean[decisions];
        int[] arms = new int[decisions];
        int rewardCount = 0;
        int inWindow = 0;
        double eventTime = start.toEpochMilli();
        for (int i = 0; i < decisions; i++) {
            eventTime += -Math.log(1 - random.nextDouble()) * 1000.0 / DECISIONS_PER_SECOND;
            Instant decidedAt = Instant.ofEpochMilli((long) eventTime);
            boolean in = random.nextDouble() < spec.traffic();
            int k = in ? random.nextInt(SUCCESS_RATES.length) : control;
            long latency = 200 + random.nextInt(2_800);
            Exposure exposure = new Exposure(SchemaVersion.CURRENT, requestId(i), spec.name(),
                    spec.arms().get(k).name(), spec.unit(), "user-" + random.nextInt(20_000),
                    in ? 1.0 / SUCCESS_RATES.length : 1.0, PolicyType.THOMPSON, policyVersion, in,
                    spec.arms().get(k).model(), false, decidedAt, CallOutcome.OK, 200, latency,
                    300 + random.nextInt(400), 50 + random.nextInt(300));
            long answeredAt = decidedAt.toEpochMilli() + latency;
            arrivals.add(new Arrival(answeredAt, exposure, null));

            double u = random.nextDouble();
            int signals = u < 0.25 ? 0 : u < 0.75 ? 1 : 2;
            List<Reward> reported = new ArrayList<>(signals);
            for (int s = 0; s < signals; s++) {
                Signal signal = random.nextDouble() < SUCCESS_RATES[k]
                        ? POSITIVE.get(random.nextInt(POSITIVE.size()))
                        : NEGATIVE.get(random.nextInt(NEGATIVE.size()));
                long occurredAt = answeredAt + random.nextLong(windowMillis);
                long receivedAt = occurredAt + random.nextInt(1_000);
                Reward reward = new Reward(SchemaVersion.CURRENT, exposure.requestId(), signal, null,
                        Instant.ofEpochMilli(occurredAt), Instant.ofEpochMilli(receivedAt));
                reported.add(reward);
                arrivals.add(new Arrival(receivedAt, null, reward));
            }
            rewardCount += signals;
            SettledReward settled = settlement.settle(decidedAt, reported);
            expected[i] = settled.value();
            inWindow += settled.signals();
            inExperiment[i] = in;
            arms[i] = k;
        }
        arrivals.sort(Comparator.comparingLong(Arrival::atMillis));
        return new JoinTraffic(start, arrivals, decisions, rewardCount, inWindow, expected, inExperiment, arms);
    }

    /** Exposures and rewards: the records the job reads, besides the one spec. */
    int events() {
        return exposures + rewards;
    }

    /** Event time from the first decision to the last record. */
    Duration span() {
        return Duration.ofMillis(arrivals.get(arrivals.size() - 1).atMillis() - start.toEpochMilli());
    }

    static String requestId(int decision) {
        return "d-" + decision;
    }

    /** The decision number of a request id of this traffic, or -1. */
    static int decision(String requestId) {
        if (requestId == null || !requestId.startsWith("d-")) {
            return -1;
        }
        try {
            return Integer.parseInt(requestId, 2, requestId.length(), 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int indexOf(ExperimentSpec spec, String armName) {
        List<ArmSpec> arms = spec.arms();
        for (int i = 0; i < arms.size(); i++) {
            if (arms.get(i).name().equals(armName)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no arm " + armName);
    }
}

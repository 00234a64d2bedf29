package io.sluice.flink.bandit;

import io.sluice.core.event.CallOutcome;
import io.sluice.core.event.Exposure;
import io.sluice.core.event.PolicyType;
import io.sluice.core.event.Reward;
import io.sluice.core.event.SchemaVersion;
import io.sluice.core.event.Signal;
import io.sluice.core.event.UnitType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Traffic as the router would log it, random but seeded: exposures of several experiments and
 * arms, and their rewards, each with the moment it reaches Kafka. Exposures are written when the
 * upstream call ends (up to 3 s after the decision), rewards up to 1 s after the user acted, so
 * no record is more than 3 s behind the newest event time before it — within the job's bounded
 * out-of-orderness. Some rewards arrive before their exposure, some are reported twice, some fall
 * after the attribution window, and some arrive long after their outcome was settled. Some name a
 * request that was never issued: an app sending the wrong id.
 */
final class LoopWorkload {
    /** The experiments' reward definitions, with short windows so the stream closes many of them. */
    static final Map<String, String> REWARDS = Map.of(
            "checkout", """
                    {"signals": {"thumbs_up": 1, "thumbs_down": 0}, "attribution_window": "30s"}""",
            "search", """
                    {"signals": {"thumbs_up": 1, "copy": 0.5, "thumbs_down": 0}, "combine": "mean",
                     "attribution_window": "1m"}""",
            "onboarding", """
                    {"signals": {"score": 0.1, "resolved": 1}, "combine": "last", "attribution_window": "20s",
                     "default_reward": 0.3}""");
    private static final Map<String, Duration> WINDOWS = Map.of(
            "checkout", Duration.ofSeconds(30), "search", Duration.ofMinutes(1), "onboarding", Duration.ofSeconds(20));
    private static final List<String> EXPERIMENTS = List.of("checkout", "search", "onboarding");
    private static final List<String> ARMS = List.of("a", "b");
    private static final List<Signal> SIGNALS = List.of(Signal.THUMBS_UP, Signal.THUMBS_DOWN, Signal.COPY,
            Signal.SCORE, Signal.RESOLVED, Signal.RETRY);

    /** An event and when it reaches its topic. */
    record Arrival(Instant at, Exposure exposure, Reward reward) {
        String requestId() {
            return exposure != null ? exposure.requestId() : reward.requestId();
        }
    }

    final List<Arrival> arrivals;
    int rewardsBeforeTheirExposure;
    int repeatedRewards;
    int rewardsAfterTheWindow;
    int rewardsAfterSettlement;
    int outOfExperiment;
    /** Rewards whose request id no exposure has. */
    final List<Reward> neverIssued = new ArrayList<>();

    private LoopWorkload(List<Arrival> arrivals) {
        this.arrivals = arrivals;
    }

    static LoopWorkload generate(long seed, int decisions, Instant start) {
        return generate(seed, decisions, start, 0.05);
    }

    /** @param neverIssuedShare per decision, the chance of a reward that names a request never issued */
    static LoopWorkload generate(long seed, int decisions, Instant start, double neverIssuedShare) {
        Random random = new Random(seed);
        // Its own generator, so the rest of the traffic is the same whatever the share.
        Random wrongIds = new Random(seed + 1);
        List<Arrival> arrivals = new ArrayList<>();
        LoopWorkload workload = new LoopWorkload(arrivals);
        for (int i = 0; i < decisions; i++) {
            String requestId = "req-" + seed + "-" + i;
            String experiment = EXPERIMENTS.get(random.nextInt(EXPERIMENTS.size()));
            String arm = ARMS.get(random.nextInt(ARMS.size()));
            boolean inExperiment = random.nextDouble() < 0.9;
            Instant decidedAt = start.plusMillis(200L * i);
            Exposure exposure = new Exposure(SchemaVersion.CURRENT, requestId, experiment, arm, UnitType.USER,
                    "user-" + random.nextInt(50), inExperiment ? 0.5 : 1.0, PolicyType.THOMPSON, "a:1,b:1",
                    inExperiment, "sim-" + arm, false, decidedAt, CallOutcome.OK, 200, 100, 10, 30);
            Instant exposureArrives = decidedAt.plusMillis(random.nextInt(3000));
            arrivals.add(new Arrival(exposureArrives, exposure, null));
            if (!inExperiment) {
                workload.outOfExperiment++;
            }

            Duration window = WINDOWS.get(experiment);
            int rewards = random.nextInt(4);
            for (int r = 0; r < rewards; r++) {
                Signal signal = SIGNALS.get(random.nextInt(SIGNALS.size()));
                Double value = signal == Signal.SCORE ? (double) random.nextInt(13) : null;
                Instant occurredAt = decidedAt.plusMillis(200 + random.nextInt((int) (window.toMillis() * 5 / 4)));
                Instant arrives = occurredAt.plusMillis(random.nextInt(1000));
                arrivals.add(new Arrival(arrives, null,
                        new Reward(SchemaVersion.CURRENT, requestId, signal, value, occurredAt, arrives)));
                if (arrives.isBefore(exposureArrives)) {
                    workload.rewardsBeforeTheirExposure++;
                }
                if (occurredAt.isAfter(decidedAt.plus(window))) {
                    workload.rewardsAfterTheWindow++;
                }
                if (random.nextDouble() < 0.15) {
                    // The app retried: same report, received again a little later.
                    Instant again = occurredAt.plusMillis(random.nextInt(2000));
                    arrivals.add(new Arrival(again, null,
                            new Reward(SchemaVersion.CURRENT, requestId, signal, value, occurredAt, again)));
                    workload.repeatedRewards++;
                }
            }
            if (random.nextDouble() < 0.05) {
                Instant occurredAt = decidedAt.plus(window).plus(Duration.ofMinutes(2));
                Instant arrives = occurredAt.plusMillis(500);
                arrivals.add(new Arrival(arrives, null,
                        new Reward(SchemaVersion.CURRENT, requestId, Signal.THUMBS_UP, null, occurredAt, arrives)));
                workload.rewardsAfterSettlement++;
                workload.rewardsAfterTheWindow++;
            }
            if (wrongIds.nextDouble() < neverIssuedShare) {
                Instant occurredAt = decidedAt.plusMillis(200 + wrongIds.nextInt(5000));
                Instant arrives = occurredAt.plusMillis(wrongIds.nextInt(1000));
                Reward wrong = new Reward(SchemaVersion.CURRENT, "never-" + seed + "-" + i, Signal.THUMBS_UP, null,
                        occurredAt, arrives);
                arrivals.add(new Arrival(arrives, null, wrong));
                workload.neverIssued.add(wrong);
            }
        }
        arrivals.sort(Comparator.comparing(Arrival::at));
        return workload;
    }

    List<Exposure> exposures() {
        return arrivals.stream().filter(a -> a.exposure() != null).map(Arrival::exposure).toList();
    }
}

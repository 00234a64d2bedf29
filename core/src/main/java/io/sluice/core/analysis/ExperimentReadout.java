package io.sluice.core.analysis;

import io.sluice.core.event.Exposure;
import io.sluice.core.event.Reward;
import io.sluice.core.experiment.ArmSpec;
import io.sluice.core.experiment.ExperimentSpec;
import io.sluice.core.reward.RewardSettlement;
import io.sluice.core.reward.SettledReward;
import io.sluice.core.stats.Interval;
import io.sluice.core.stats.MeanDifferenceResult;
import io.sluice.core.stats.MeanStats;
import io.sluice.core.stats.ProportionStats;
import io.sluice.core.stats.TwoProportionResult;
import io.sluice.core.stats.TwoProportionZTest;
import io.sluice.core.stats.WelchTTest;
import io.sluice.core.stats.WilsonInterval;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fixed-horizon readout of an experiment from its raw events: every exposure in the experiment
 * gets its reward settled as the learning path would (signals within the attribution window,
 * combined by the reward definition, else the default), then each arm is compared with the
 * control arm. 0/1 rewards are compared as proportions; any other reward as means.
 *
 * <p>Exposures outside the traffic fraction are left out: they are not randomized. Every
 * in-experiment exposure counts, failed upstream calls included, because dropping them would
 * let an arm that fails more often look better (intention to treat).
 */
public final class ExperimentReadout {
    private final ExperimentSpec spec;
    private final List<ArmReadout> arms;
    private final boolean binary;

    private ExperimentReadout(ExperimentSpec spec, List<ArmReadout> arms, boolean binary) {
        this.spec = spec;
        this.arms = List.copyOf(arms);
        this.binary = binary;
    }

    public static ExperimentReadout of(ExperimentSpec spec, Collection<Exposure> exposures, Collection<Reward> rewards,
            double level) {
        Map<String, List<Reward>> rewardsByRequest = new HashMap<>();
        for (Reward reward : rewards) {
            rewardsByRequest.computeIfAbsent(reward.requestId(), k -> new ArrayList<>()).add(reward);
        }
        RewardSettlement settlement = new RewardSettlement(spec.reward());
        Map<String, MeanStats> stats = new LinkedHashMap<>();
        Map<String, Long> observed = new HashMap<>();
        spec.arms().forEach(arm -> stats.put(arm.name(), MeanStats.EMPTY));
        boolean binary = true;
        for (Exposure exposure : exposures) {
            if (!exposure.experiment().equals(spec.name()) || !exposure.inExperiment()
                    || !stats.containsKey(exposure.arm())) {
                continue;
            }
            SettledReward settled = settlement.settle(exposure.decidedAt(),
                    rewardsByRequest.getOrDefault(exposure.requestId(), List.of()));
            binary &= settled.value() == 0.0 || settled.value() == 1.0;
            stats.merge(exposure.arm(), MeanStats.EMPTY.add(settled.value()), ExperimentReadout::combine);
            if (settled.observed()) {
                observed.merge(exposure.arm(), 1L, Long::sum);
            }
        }
        MeanStats control = stats.get(spec.controlArm());
        List<ArmReadout> readouts = new ArrayList<>();
        for (ArmSpec arm : spec.arms()) {
            MeanStats s = stats.get(arm.name());
            boolean isControl = arm.name().equals(spec.controlArm());
            Interval interval;
            double difference = Double.NaN;
            Interval differenceInterval = new Interval(Double.NaN, Double.NaN, level);
            double pValue = Double.NaN;
            if (binary) {
                ProportionStats p = proportion(s);
                interval = new WilsonInterval(p).at(level);
                if (!isControl) {
                    TwoProportionResult test = new TwoProportionZTest(proportion(control), p).result(level);
                    difference = test.difference();
                    differenceInterval = test.differenceInterval();
                    pValue = test.pValue();
                }
            } else {
                interval = WelchTTest.interval(s, level);
                if (!isControl) {
                    MeanDifferenceResult test = new WelchTTest(control, s).result(level);
                    difference = test.difference();
                    differenceInterval = test.differenceInterval();
                    pValue = test.pValue();
                }
            }
            readouts.add(new ArmReadout(arm.name(), isControl, s.n(), observed.getOrDefault(arm.name(), 0L), s.mean(),
                    interval, difference, differenceInterval, pValue));
        }
        return new ExperimentReadout(spec, readouts, binary);
    }

    private static MeanStats combine(MeanStats a, MeanStats b) {
        return new MeanStats(a.n() + b.n(), a.sum() + b.sum(), a.sumOfSquares() + b.sumOfSquares());
    }

    private static ProportionStats proportion(MeanStats s) {
        return new ProportionStats(Math.round(s.sum()), s.n());
    }

    public ExperimentSpec spec() {
        return spec;
    }

    public List<ArmReadout> arms() {
        return arms;
    }

    /** Whether every settled reward was 0 or 1, so the arms were compared as proportions. */
    public boolean binary() {
        return binary;
    }
}

package io.sluice.launcher.demo;

import io.sluice.core.analysis.RegretReadout;
import io.sluice.core.bandit.ThompsonPolicy;
import io.sluice.core.event.Exposure;
import io.sluice.core.event.Outcome;
import io.sluice.core.experiment.ExperimentSpec;
import io.sluice.core.stats.Interval;
import io.sluice.core.stats.MeanStats;
import io.sluice.core.stats.ProportionStats;
import io.sluice.core.stats.WelchTTest;
import io.sluice.core.stats.WilsonInterval;
import io.sluice.router.experiment.PosteriorFreshness;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The closing report of a Thompson-sampling demo: where the traffic went, what each arm earned
 * (from the outcomes the learning path settled), the regret against the oracle and against a
 * uniform split, and how fresh the router's posteriors were.
 */
final class BanditReport {
    private BanditReport() {}

    /** Posterior freshness in milliseconds. */
    record Freshness(long count, long p50, long p99, long max) {
        static Freshness of(PosteriorFreshness freshness) {
            Histogram h = freshness.histogram();
            return new Freshness(h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(99),
                    h.getMaxValue());
        }
    }

    static String render(ExperimentSpec spec, List<Exposure> exposures, List<Outcome> outcomes,
            Map<String, Long> requests, ThompsonPolicy policy, Freshness freshness, java.time.Duration outOfOrderness) {
        Map<String, Long> decisions = new LinkedHashMap<>();
        spec.armNames().forEach(arm -> decisions.put(arm, 0L));
        exposures.stream().filter(Exposure::inExperiment)
                .forEach(e -> decisions.merge(e.arm(), 1L, Long::sum));
        long total = decisions.values().stream().mapToLong(Long::longValue).sum();
        Map<String, MeanStats> rewards = new HashMap<>();
        boolean binary = true;
        for (Outcome o : outcomes) {
            if (o.inExperiment()) {
                rewards.merge(o.arm(), MeanStats.EMPTY.add(o.reward()), (a, b) -> new MeanStats(a.n() + b.n(),
                        a.sum() + b.sum(), a.sumOfSquares() + b.sumOfSquares()));
                binary &= o.reward() == 0.0 || o.reward() == 1.0;
            }
        }

        StringBuilder out = new StringBuilder();
        String header = String.format(Locale.ROOT, "%-10s %9s %10s %7s %8s %12s  %-17s %9s%n", "arm", "requests",
                "exposures", "share", "settled", "mean reward", "95% interval", "p(next)");
        out.append(header).append("-".repeat(header.length() - 1)).append('\n');
        Map<String, Double> expected = new LinkedHashMap<>();
        for (String arm : spec.armNames()) {
            MeanStats s = rewards.getOrDefault(arm, MeanStats.EMPTY);
            Interval ci = binary
                    ? new WilsonInterval(new ProportionStats(Math.round(s.sum()), s.n())).at(0.95)
                    : WelchTTest.interval(s, 0.95);
            if (s.n() > 0) {
                expected.put(arm, s.mean());
            }
            out.append(String.format(Locale.ROOT, "%-10s %9d %10d %6.1f%% %8d %12.3f  [%.3f, %.3f]   %9.3f%n",
                    arm, requests.getOrDefault(arm, 0L), decisions.get(arm),
                    total == 0 ? 0 : 100.0 * decisions.get(arm) / total, s.n(), s.mean(), ci.lower(), ci.upper(),
                    policy == null ? Double.NaN : policy.propensity(arm)));
        }
        out.append("Shares, rates and intervals describe this run: under adaptive allocation they are not a\n")
                .append("fixed-horizon comparison. p(next) is the probability of each arm for a new unit now.\n\n");

        if (expected.size() == spec.arms().size()) {
            RegretReadout regret = RegretReadout.of(decisions, expected);
            out.append(String.format(Locale.ROOT,
                    "Regret over %d decisions (each arm's expected reward estimated from its settled outcomes):%n"
                            + "  against the oracle (always %s): %.1f%n"
                            + "  a uniform split would have lost:   %.1f%n"
                            + "  Thompson sampling lost %.2f of what a uniform split would have%n",
                    regret.decisions(), regret.bestArm(), regret.regret(), regret.uniformRegret(),
                    regret.ratioToUniform()));
        } else {
            out.append("Regret: not every arm has a settled outcome yet, so there is no estimate of its reward.\n");
        }
        out.append(String.format(Locale.ROOT,
                "Posterior freshness, from a reward accepted to a posterior that counts it in use by the router "
                        + "(%d updates): p50 %.1f s, p99 %.1f s, max %.1f s%n"
                        + "  (it includes the %s attribution window, since an outcome settles when its decision's "
                        + "window closes,%n   and the jobs' %s allowance for out-of-order events)%n",
                freshness.count(), freshness.p50() / 1000.0, freshness.p99() / 1000.0, freshness.max() / 1000.0,
                io.sluice.core.json.HumanDuration.format(spec.reward().attributionWindow()),
                io.sluice.core.json.HumanDuration.format(outOfOrderness)));
        return out.toString();
    }
}

package io.sluice.launcher.demo;

import io.sluice.core.bandit.ThompsonPolicy;
import io.sluice.core.event.PosteriorSnapshot;
import io.sluice.core.experiment.ExperimentSpec;
import io.sluice.core.posterior.ArmPosterior;
import io.sluice.router.RouterServer;
import io.sluice.simulator.annotators.AnnotatorPopulation;
import io.sluice.simulator.users.PopulationSnapshot;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The demo's once-a-second line: throughput, and each arm's share of the traffic in the last
 * second — with, under Thompson sampling, the router's current posterior mean of the arm and the
 * probability it gives the arm for a new unit.
 */
final class ProgressLine {
    private final ExperimentSpec spec;
    private final RouterServer router;
    private final List<String> arms;
    private final Map<String, Long> previousAnswers = new HashMap<>();
    private long previousRequests;
    private Duration previousElapsed = Duration.ZERO;
    private ThompsonPolicy finalPolicy;
    private AnnotatorPopulation annotators;

    ProgressLine(ExperimentSpec spec, RouterServer router) {
        this.spec = spec;
        this.router = router;
        this.arms = spec.armNames();
    }

    /** Adds the annotators' labels to the line. */
    void annotators(AnnotatorPopulation population) {
        this.annotators = population;
    }

    String render(Duration elapsed, PopulationSnapshot s) {
        double seconds = Math.max(1e-3, (elapsed.toMillis() - previousElapsed.toMillis()) / 1000.0);
        double rate = (s.requests() - previousRequests) / seconds;
        previousRequests = s.requests();
        previousElapsed = elapsed;
        Map<String, Long> delta = new HashMap<>();
        for (String arm : arms) {
            long now = s.answersByArm().getOrDefault(arm, 0L);
            delta.put(arm, now - previousAnswers.getOrDefault(arm, 0L));
            previousAnswers.put(arm, now);
        }
        long inInterval = delta.values().stream().mapToLong(Long::longValue).sum();
        ThompsonPolicy policy = router.experiments().find(spec.name()).flatMap(e -> e.thompson()).orElse(null);
        if (policy != null) {
            finalPolicy = policy;
        }
        Map<String, PosteriorSnapshot> posteriors = router.experiments().find(spec.name()).isPresent()
                ? posteriorsOf() : Map.of();
        String perArm = arms.stream().map(arm -> {
            double share = inInterval == 0 ? 0 : 100.0 * delta.get(arm) / inInterval;
            if (policy == null) {
                double up = s.thumbsUpRate(arm);
                return String.format(Locale.ROOT, "%s %.0f%% (thumbs up %s)", arm, share,
                        Double.isNaN(up) ? "-" : String.format(Locale.ROOT, "%.2f", up));
            }
            PosteriorSnapshot snapshot = posteriors.get(arm);
            ArmPosterior posterior = snapshot != null ? ArmPosterior.of(snapshot) : ArmPosterior.prior(spec);
            return String.format(Locale.ROOT, "%s %3.0f%% (mean %.3f, n %d, p %.2f)", arm, share,
                    posterior.expectedReward(), posterior.observations(), policy.propensity(arm));
        }).collect(Collectors.joining(" | "));
        long feedback = s.feedbackBySignal().values().stream().mapToLong(Long::longValue).sum();
        String labels = annotators == null ? "" : " | labels " + annotators.snapshot().labelsSent();
        return String.format(Locale.ROOT, "[%4ds] %6d requests %6.1f/s | %s | feedback %d%s | errors %d",
                elapsed.toSeconds(), s.requests(), rate, perArm, feedback, labels, s.errors());
    }

    private Map<String, PosteriorSnapshot> posteriorsOf() {
        return router.posteriors().of(spec.name());
    }

    /** The last Thompson policy the router decided with, for the closing report. */
    ThompsonPolicy finalPolicy() {
        return finalPolicy;
    }
}

package io.sluice.launcher.demo;

import io.sluice.simulator.users.PopulationSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The demo's once-a-second line: throughput, each arm's share of traffic, feedback so far. */
final class ProgressLine {
    private final List<String> arms;
    private long previousRequests;
    private Duration previousElapsed = Duration.ZERO;

    ProgressLine(List<String> arms) {
        this.arms = arms;
    }

    String render(Duration elapsed, PopulationSnapshot s) {
        double seconds = Math.max(1e-3, (elapsed.toMillis() - previousElapsed.toMillis()) / 1000.0);
        double rate = (s.requests() - previousRequests) / seconds;
        previousRequests = s.requests();
        previousElapsed = elapsed;
        long answered = arms.stream().mapToLong(a -> s.answersByArm().getOrDefault(a, 0L)).sum();
        String shares = arms.stream()
                .map(arm -> {
                    long n = s.answersByArm().getOrDefault(arm, 0L);
                    double share = answered == 0 ? 0 : 100.0 * n / answered;
                    double up = s.thumbsUpRate(arm);
                    return String.format(Locale.ROOT, "%s %d (%.0f%%, thumbs up %s)", arm, n, share,
                            Double.isNaN(up) ? "-" : String.format(Locale.ROOT, "%.2f", up));
                })
                .collect(Collectors.joining(" | "));
        long feedback = s.feedbackBySignal().values().stream().mapToLong(Long::longValue).sum();
        return String.format(Locale.ROOT, "[%4ds] %6d requests %6.1f/s | %s | feedback %d | errors %d",
                elapsed.toSeconds(), s.requests(), rate, shares, feedback, s.errors());
    }

}

package io.sluice.launcher.demo;

import io.sluice.core.agreement.AgreementResult;
import io.sluice.core.agreement.JudgeHumanAgreement;
import io.sluice.core.event.Alert;
import io.sluice.core.event.AlertKind;
import io.sluice.core.event.Calibration;
import io.sluice.core.event.JudgeScore;
import io.sluice.core.event.Label;
import io.sluice.core.experiment.ExperimentSpec;
import io.sluice.core.judge.Rubric;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The closing report of the judge path: what the judge scored, the calibrations the agreement job
 * fitted, the drift alert with its detection delay and the recovery, and the judge's agreement
 * with the annotators before the drift, during it, and after the recalibration. Everything is
 * read back from the topics.
 */
final class JudgeReport {
    private JudgeReport() {}

    /** A judge score joined with one annotator's label of the same answer. */
    private record Pair(JudgeScore score, Label label) {}

    /**
     * @param inJudgeSample traced answers whose request id falls in the judge sample: each is scored
     *     or skipped over the budget
     */
    static String render(ExperimentSpec spec, Instant demoStart, Optional<Instant> driftStart, double driftOffset,
            long inJudgeSample, List<JudgeScore> scores, List<Label> labels, List<Calibration> calibrations, List<Alert> alerts) {
        Rubric rubric = spec.judge().rubric();
        StringBuilder out = new StringBuilder();
        List<JudgeScore> ours = scores.stream().filter(s -> s.experiment().equals(spec.name())).toList();
        long failed = ours.stream().filter(JudgeScore::failed).count();
        String fingerprint = ours.stream().map(JudgeScore::fingerprint).findFirst().orElse("-");
        Map<String, JudgeScore> scoreById = new HashMap<>();
        ours.stream().filter(s -> !s.failed()).forEach(s -> scoreById.put(s.requestId(), s));
        List<Pair> pairs = new ArrayList<>();
        for (Label label : labels) {
            JudgeScore score = scoreById.get(label.requestId());
            if (score != null) {
                pairs.add(new Pair(score, label));
            }
        }
        long annotators = labels.stream().map(Label::annotator).distinct().count();
        out.append(String.format(Locale.ROOT,
                "Judge %s on rubric %s v%d (fingerprint %s): %d answers scored, %d failed; %d labels from %d "
                        + "annotators, %d of them on judged answers%n",
                spec.judge().model(), rubric.id(), rubric.version(), abbreviate(fingerprint), ours.size(), failed,
                labels.size(), annotators, pairs.size()));
        long scoredOnce = ours.stream().map(JudgeScore::requestId).distinct().count();
        out.append(String.format(Locale.ROOT,
                "  %d of the %d traced answers in the judge sample were judged; %d skipped over the budget "
                        + "(%d judgments/min, %d tokens/h)%n",
                scoredOnce, inJudgeSample, Math.max(0, inJudgeSample - scoredOnce), spec.judge().judgmentsPerMinute(),
                spec.judge().tokensPerHour()));

        List<Calibration> fitted = calibrations.stream().filter(c -> c.fingerprint().equals(fingerprint))
                .sorted(Comparator.comparingLong(Calibration::version)).toList();
        for (Calibration c : fitted) {
            out.append(String.format(Locale.ROOT, "  calibration v%d fitted at %s on %d labels%n", c.version(),
                    clock(demoStart, c.fittedAt()), c.labelCount()));
        }
        if (fitted.isEmpty()) {
            out.append("  no calibration yet: it needs the first labelled answers\n");
        }

        List<Alert> judgeAlerts = alerts.stream()
                .filter(a -> a.experiment().equals(spec.name()) && fingerprint.equals(a.subject()))
                .filter(a -> a.kind() == AlertKind.JUDGE_DRIFT || a.kind() == AlertKind.JUDGE_RECOVERED)
                .sorted(Comparator.comparing(Alert::raisedAt)).toList();
        Optional<Alert> drift = judgeAlerts.stream().filter(a -> a.kind() == AlertKind.JUDGE_DRIFT)
                .filter(a -> driftStart.map(d -> !a.raisedAt().isBefore(d)).orElse(true)).findFirst();
        if (driftStart.isPresent()) {
            Instant start = driftStart.get();
            out.append(String.format(Locale.ROOT, "The simulated judge started to over-score by %+.1f point at %s.%n",
                    driftOffset, clock(demoStart, start)));
            if (drift.isPresent()) {
                Alert alert = drift.get();
                long labelsBetween = labels.stream().filter(l -> !l.receivedAt().isBefore(start)
                        && !l.receivedAt().isAfter(alert.raisedAt()) && scoreById.containsKey(l.requestId())).count();
                out.append(String.format(Locale.ROOT,
                        "  judge_drift alert at %s: %d labels and %.1f s after the drift began%n"
                                + "    evidence: %s = %.2f over the threshold %.2f, on %d labels from %s to %s%n",
                        clock(demoStart, alert.raisedAt()), labelsBetween,
                        Duration.between(start, alert.raisedAt()).toMillis() / 1000.0,
                        alert.evidence().statistic(), alert.evidence().value(), alert.evidence().threshold(),
                        alert.evidence().observations(), clock(demoStart, alert.evidence().windowStart()),
                        clock(demoStart, alert.evidence().windowEnd())));
                fitted.stream().filter(c -> c.fittedAt().isAfter(alert.raisedAt())).findFirst().ifPresent(c ->
                        out.append(String.format(Locale.ROOT, "  recalibrated: calibration v%d at %s%n", c.version(),
                                clock(demoStart, c.fittedAt()))));
                judgeAlerts.stream().filter(a -> a.kind() == AlertKind.JUDGE_RECOVERED
                        && a.raisedAt().isAfter(alert.raisedAt())).findFirst().ifPresent(a ->
                        out.append(String.format(Locale.ROOT,
                                "  judge_recovered alert at %s: %s = %.2f within %.2f on %d labels%n",
                                clock(demoStart, a.raisedAt()), a.evidence().statistic(), a.evidence().value(),
                                a.evidence().threshold(), a.evidence().observations())));
            } else {
                out.append("  no drift alert yet: the detector needs a few dozen labels after the drift begins\n");
            }
        }
        if (judgeAlerts.stream().anyMatch(a -> drift.map(d -> !d.equals(a)).orElse(true)
                && a.kind() == AlertKind.JUDGE_DRIFT && driftStart.map(s -> a.raisedAt().isBefore(s)).orElse(true))) {
            out.append("  (a drift alert was also raised without a drift being simulated: a false alarm)\n");
        }

        out.append("Agreement of the calibrated judge score with the annotators:\n");
        out.append(String.format(Locale.ROOT, "  %-28s %6s %7s %11s %26s %9s %6s%n", "period", "pairs", "exact",
                "within one", "weighted kappa [95% CI]", "Spearman", "MAE"));
        Instant recalibrated = drift.flatMap(a -> fitted.stream().filter(c -> c.fittedAt().isAfter(a.raisedAt()))
                .findFirst()).map(Calibration::fittedAt).orElse(null);
        Predicate<Pair> calibrated = p -> p.score().calibratedScore() != null;
        if (driftStart.isPresent()) {
            Instant start = driftStart.get();
            row(out, "before the drift", pairs, calibrated.and(p -> p.score().judgedAt().isBefore(start)), rubric);
            Instant until = recalibrated;
            row(out, "drifting, before recalibration", pairs, calibrated.and(p -> !p.score().judgedAt().isBefore(start)
                    && (until == null || p.score().judgedAt().isBefore(until))), rubric);
            if (recalibrated != null) {
                row(out, "after the recalibration", pairs, calibrated.and(p -> !p.score().judgedAt()
                        .isBefore(until)), rubric);
            }
        } else {
            row(out, "whole run", pairs, calibrated, rubric);
        }
        return out.toString();
    }

    private static void row(StringBuilder out, String period, List<Pair> pairs, Predicate<Pair> keep, Rubric rubric) {
        List<Pair> kept = pairs.stream().filter(keep).toList();
        if (kept.size() < 2) {
            out.append(String.format(Locale.ROOT, "  %-28s %6d%n", period, kept.size()));
            return;
        }
        double[] scores = kept.stream().mapToDouble(p -> p.score().calibratedScore()).toArray();
        int[] labels = kept.stream().mapToInt(p -> p.label().label()).toArray();
        AgreementResult a = new JudgeHumanAgreement(scores, labels, rubric.scale()).result(0.95);
        out.append(String.format(Locale.ROOT, "  %-28s %6d %7.3f %11.3f %8.3f [%6.3f, %6.3f] %9.3f %6.3f%n", period,
                a.n(), a.exactAgreement(), a.withinOneAgreement(), a.weightedKappa().kappa(),
                a.weightedKappa().interval().lower(), a.weightedKappa().interval().upper(), a.spearman(),
                a.meanAbsoluteError()));
    }

    private static String clock(Instant start, Instant at) {
        long seconds = Math.max(0, Duration.between(start, at).toSeconds());
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    private static String abbreviate(String fingerprint) {
        return fingerprint.length() > 12 ? fingerprint.substring(0, 12) + "…" : fingerprint;
    }
}

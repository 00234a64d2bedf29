package io.sluice.core.agreement;

import io.sluice.core.judge.RubricScale;
import io.sluice.core.stats.Interval;

/**
 * How closely a judge's scores agree with human labels on the same answers, over one set of pairs
 * (the agreement job's rolling window).
 *
 * @param scale the rubric scale both are graded on
 * @param n the number of (judge score, human label) pairs
 * @param exactAgreement the share of pairs where the judge's score, rounded to the nearest level,
 *     equals the label
 * @param exactAgreementInterval its Wilson interval
 * @param withinOneAgreement the share where the rounded score is at most one level from the label
 * @param withinOneInterval its Wilson interval
 * @param weightedKappa Cohen's κ with quadratic weights over the rounded scores and the labels,
 *     with its Fleiss–Cohen–Everitt interval
 * @param spearman Spearman's rank correlation of the (unrounded) scores with the labels, ties
 *     given their average rank; NaN when either side is constant
 * @param meanAbsoluteError mean |score − label|, in scale points, on the unrounded score
 * @param meanResidual mean (score − label): positive when the judge over-scores
 */
public record AgreementResult(
        RubricScale scale,
        long n,
        double exactAgreement,
        Interval exactAgreementInterval,
        double withinOneAgreement,
        Interval withinOneInterval,
        KappaResult weightedKappa,
        double spearman,
        double meanAbsoluteError,
        double meanResidual) {}

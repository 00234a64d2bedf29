package io.sluice.core.agreement;

import io.sluice.core.judge.RubricScale;
import io.sluice.core.stats.ProportionStats;
import io.sluice.core.stats.WilsonInterval;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/**
 * Agreement between a judge and human annotators over a set of pairs: the judge's score
 * (continuous on the rubric scale: a mean of axes, or a calibrated score) and the human label (an
 * integer level of the same scale) for the same answer.
 *
 * <p>Categorical figures (exact, within-one, κ) need the judge on the scale's levels: its score is
 * rounded to the nearest level, halves upwards (3.5 → 4), and clamped to the scale. The figures on
 * the unrounded score (Spearman, MAE, mean residual) keep what rounding throws away.
 */
public final class JudgeHumanAgreement {
    private final double[] judgeScores;
    private final int[] humanLabels;
    private final RubricScale scale;

    public JudgeHumanAgreement(double[] judgeScores, int[] humanLabels, RubricScale scale) {
        if (judgeScores.length != humanLabels.length) {
            throw new IllegalArgumentException("judge scores and human labels must pair up: "
                    + judgeScores.length + " scores, " + humanLabels.length + " labels");
        }
        if (scale.max() <= scale.min()) {
            throw new IllegalArgumentException("the scale needs at least two levels: " + scale);
        }
        for (int i = 0; i < judgeScores.length; i++) {
            if (!Double.isFinite(judgeScores[i])) {
                throw new IllegalArgumentException("judge score " + i + " is not finite");
            }
            if (!scale.contains(humanLabels[i])) {
                throw new IllegalArgumentException("human label " + i + " (" + humanLabels[i] + ") is off the scale " + scale);
            }
        }
        this.judgeScores = judgeScores.clone();
        this.humanLabels = humanLabels.clone();
        this.scale = scale;
    }

    /** The scale level nearest to a score: halves round up, and scores off the scale clamp to its ends. */
    public static int nearestLevel(double score, RubricScale scale) {
        double level = Math.floor(score + 0.5);
        return (int) Math.max(scale.min(), Math.min(scale.max(), level));
    }

    /** @param level the confidence level of the intervals, e.g. 0.95 */
    public AgreementResult result(double level) {
        int n = judgeScores.length;
        int k = scale.max() - scale.min() + 1;
        long[][] table = new long[k][k];
        long exact = 0;
        long withinOne = 0;
        double absoluteErrors = 0;
        double residuals = 0;
        double[] labels = new double[n];
        for (int i = 0; i < n; i++) {
            int judged = nearestLevel(judgeScores[i], scale);
            int label = humanLabels[i];
            table[judged - scale.min()][label - scale.min()]++;
            if (judged == label) {
                exact++;
            }
            if (Math.abs(judged - label) <= 1) {
                withinOne++;
            }
            double residual = judgeScores[i] - label;
            absoluteErrors += Math.abs(residual);
            residuals += residual;
            labels[i] = label;
        }
        KappaResult kappa = new WeightedKappa(table, KappaWeights.QUADRATIC).result(level);
        ProportionStats exactStats = new ProportionStats(exact, n);
        ProportionStats withinOneStats = new ProportionStats(withinOne, n);
        double spearman = n < 2 ? Double.NaN : new SpearmansCorrelation().correlation(judgeScores, labels);
        return new AgreementResult(scale, n, exactStats.rate(), new WilsonInterval(exactStats).at(level),
                withinOneStats.rate(), new WilsonInterval(withinOneStats).at(level), kappa, spearman,
                n == 0 ? Double.NaN : absoluteErrors / n, n == 0 ? Double.NaN : residuals / n);
    }
}

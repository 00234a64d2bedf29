package io.sluice.core.agreement;

import io.sluice.core.stats.Interval;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Cohen's (1968) weighted κ of two raters on k ordered categories, built from its sufficient
 * statistic, the k × k table of counts (rows: first rater, columns: second rater).
 *
 * <p>The standard errors are the large-sample ones of Fleiss, Cohen and Everitt (1969), "Large
 * sample standard errors of kappa and weighted kappa", Psychological Bulletin 72(5):323–327, in
 * the form SAS PROC FREQ documents. With w̄_i. = Σ_j w_ij p_.j and w̄_.j = Σ_i w_ij p_i.:
 * <pre>
 *   Var(κ_w)  = { Σ_ij p_ij [w_ij − (w̄_i. + w̄_.j)(1 − κ_w)]² − [κ_w − p_e(1 − κ_w)]² } / (n (1 − p_e)²)
 *   Var₀(κ_w) = { Σ_ij p_i. p_.j [w_ij − (w̄_i. + w̄_.j)]² − p_e² } / (n (1 − p_e)²)
 * </pre>
 * The first, which does not assume independence, gives the interval; the second, which does,
 * gives the test of κ_w = 0. Both are asymptotic: with a few dozen pairs the Wald interval is
 * rough, which is why the rolling window of the agreement job holds hundreds.
 */
public final class WeightedKappa {
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(0, 1);

    private final long[][] counts;
    private final KappaWeights weights;

    /**
     * @param counts a square table of non-negative counts; {@code counts[i][j]} pairs where the
     *     first rater chose category i and the second category j
     */
    public WeightedKappa(long[][] counts, KappaWeights weights) {
        int k = counts.length;
        if (k < 2) {
            throw new IllegalArgumentException("need at least 2 categories, got " + k);
        }
        this.counts = new long[k][];
        for (int i = 0; i < k; i++) {
            if (counts[i].length != k) {
                throw new IllegalArgumentException("the table must be square: row " + i + " has " + counts[i].length
                        + " cells, expected " + k);
            }
            for (long c : counts[i]) {
                if (c < 0) {
                    throw new IllegalArgumentException("counts must be non-negative");
                }
            }
            this.counts[i] = counts[i].clone();
        }
        this.weights = weights;
    }

    public KappaResult result(double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1), was " + level);
        }
        int k = counts.length;
        long n = 0;
        for (long[] row : counts) {
            for (long c : row) {
                n += c;
            }
        }
        if (n == 0) {
            return undefined(k, 0, Double.NaN, Double.NaN, level);
        }
        double[][] p = new double[k][k];
        double[] rowMargin = new double[k];
        double[] columnMargin = new double[k];
        double[][] w = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                p[i][j] = counts[i][j] / (double) n;
                rowMargin[i] += p[i][j];
                columnMargin[j] += p[i][j];
                w[i][j] = weights.weight(i, j, k);
            }
        }
        double observed = 0;
        double chance = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                observed += w[i][j] * p[i][j];
                chance += w[i][j] * rowMargin[i] * columnMargin[j];
            }
        }
        if (1 - chance <= 1e-12) {
            return undefined(k, n, observed, chance, level);
        }
        double kappa = (observed - chance) / (1 - chance);

        double[] rowMeanWeight = new double[k];
        double[] columnMeanWeight = new double[k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                rowMeanWeight[i] += w[i][j] * columnMargin[j];
                columnMeanWeight[j] += w[i][j] * rowMargin[i];
            }
        }
        double a = 0;
        double a0 = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double spread = rowMeanWeight[i] + columnMeanWeight[j];
                double d = w[i][j] - spread * (1 - kappa);
                a += p[i][j] * d * d;
                double d0 = w[i][j] - spread;
                a0 += rowMargin[i] * columnMargin[j] * d0 * d0;
            }
        }
        double scale = n * (1 - chance) * (1 - chance);
        double b = kappa - chance * (1 - kappa);
        // Rounding can push a variance a hair below zero when agreement is perfect.
        double se = Math.sqrt(Math.max(0, (a - b * b) / scale));
        double se0 = Math.sqrt(Math.max(0, (a0 - chance * chance) / scale));

        double zCritical = STANDARD_NORMAL.inverseCumulativeProbability(1 - (1 - level) / 2);
        Interval interval = new Interval(Math.max(-1, kappa - zCritical * se), Math.min(1, kappa + zCritical * se),
                level);
        double z = se0 > 0 ? kappa / se0 : Double.NaN;
        double pValue = se0 > 0 ? 2 * STANDARD_NORMAL.cumulativeProbability(-Math.abs(z)) : Double.NaN;
        return new KappaResult(weights, k, n, observed, chance, kappa, se, interval, se0, z, pValue);
    }

    private KappaResult undefined(int k, long n, double observed, double chance, double level) {
        return new KappaResult(weights, k, n, observed, chance, Double.NaN, Double.NaN,
                new Interval(Double.NaN, Double.NaN, level), Double.NaN, Double.NaN, Double.NaN);
    }
}

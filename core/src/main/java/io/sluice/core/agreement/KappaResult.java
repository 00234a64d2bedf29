package io.sluice.core.agreement;

import io.sluice.core.stats.Interval;

/**
 * A weighted κ with its large-sample inference (Fleiss, Cohen and Everitt 1969).
 *
 * @param weights the agreement weights used
 * @param categories k, the number of ordered categories of the table
 * @param n the number of rated pairs
 * @param observedAgreement p_o = Σ w_ij p_ij
 * @param chanceAgreement p_e = Σ w_ij p_i. p_.j, the agreement expected from the margins alone
 * @param kappa κ_w = (p_o − p_e) / (1 − p_e); NaN when n = 0 or p_e = 1 (both raters always used
 *     the same single category, so chance explains everything)
 * @param standardError the non-null asymptotic standard error, the one an interval needs
 * @param interval the Wald interval κ_w ± z·SE, clipped to [−1, 1] where κ_w cannot go
 * @param standardErrorUnderNull the asymptotic standard error when the ratings are independent
 * @param z κ_w / standardErrorUnderNull, the test of "no agreement beyond chance"
 * @param pValue two-sided p-value of that test
 */
public record KappaResult(
        KappaWeights weights,
        int categories,
        long n,
        double observedAgreement,
        double chanceAgreement,
        double kappa,
        double standardError,
        Interval interval,
        double standardErrorUnderNull,
        double z,
        double pValue) {}

package io.sluice.core.experiment;

import java.math.BigDecimal;

/**
 * What an upstream model costs, in US dollars per million tokens, from an experiment's
 * {@code prices} table; the {@code cost_per_request_usd} guardrail prices each request's tokens
 * with it.
 */
public record ModelPrice(double inputPerMillionTokensUsd, double outputPerMillionTokensUsd) {

    /** The cost of one request; tokens the upstream did not report count as none. */
    public double costUsd(Integer promptTokens, Integer completionTokens) {
        double in = promptTokens == null ? 0 : promptTokens;
        double out = completionTokens == null ? 0 : completionTokens;
        return (in * inputPerMillionTokensUsd + out * outputPerMillionTokensUsd) / 1_000_000.0;
    }

    /** A number as a person writes it: {@code 3000}, not {@code 3000.0}. */
    static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}

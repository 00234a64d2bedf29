package io.sluice.core.stats;

/** The sufficient statistics of a binary metric: successes out of trials. */
public record ProportionStats(long successes, long trials) {
    public ProportionStats {
        if (trials < 0 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException("need 0 <= successes <= trials, got " + successes + "/" + trials);
        }
    }

    public double rate() {
        return trials == 0 ? Double.NaN : (double) successes / trials;
    }
}

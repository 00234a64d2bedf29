package io.sluice.simulator.users;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many chat requests the whole population may still send, so that a test or a benchmark
 * can run an exact amount of traffic. A limit of 0 means no limit.
 */
final class RequestBudget {
    private final long limit;
    private final AtomicLong taken = new AtomicLong();

    RequestBudget(long limit) {
        this.limit = limit;
    }

    /** Takes one request from the budget; false once it is spent. */
    boolean take() {
        return limit == 0 || taken.incrementAndGet() <= limit;
    }

    boolean spent() {
        return limit != 0 && taken.get() >= limit;
    }
}

package io.sluice.router.api;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids: 128 random bits, so routers need no coordination to mint unique ids. They are
 * keys, not secrets, so a fast generator will do.
 */
public final class RequestIds {
    private static final java.util.regex.Pattern SHAPE = java.util.regex.Pattern.compile("req_[0-9a-f]{32}");

    private RequestIds() {}

    /** Whether {@code id} has the shape of an id {@link #next()} mints. */
    public static boolean isWellFormed(String id) {
        return SHAPE.matcher(id).matches();
    }

    public static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "req_" + hex(random.nextLong()) + hex(random.nextLong());
    }

    private static String hex(long bits) {
        String s = Long.toHexString(bits);
        return "0".repeat(16 - s.length()) + s;
    }
}

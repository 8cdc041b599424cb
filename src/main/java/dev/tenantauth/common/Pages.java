package dev.tenantauth.common;

import dev.tenantauth.error.ProblemException;

/** The {@code limit} query parameter of the keyset-paged listings. */
public final class Pages {

    public static final int MAX = 200;

    /** Parses {@code limit}: an integer from 1 to 200, else 400 {@code validation_failed}. */
    public static int limit(String limit) {
        try {
            int n = Integer.parseInt(limit);
            if (n >= 1 && n <= MAX) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.invalid("limit", "must be an integer from 1 to " + MAX);
    }

    private Pages() {}
}

package dev.tenantauth.common;

import java.util.Optional;
import java.util.UUID;

/** Ids given as text by a client (a path segment, a form field): a UUID, or nothing. */
public final class Ids {

    public static Optional<UUID> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private Ids() {}
}

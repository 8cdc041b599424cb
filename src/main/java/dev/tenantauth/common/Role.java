package dev.tenantauth.common;

import java.util.Locale;
import java.util.Optional;

/** A member's role in a tenant, strongest first: owner > admin > member. */
public enum Role {
    OWNER,
    ADMIN,
    MEMBER;

    /** The lower-case name used in the database, in JSON and in the {@code role} claim. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when this role is at least as strong as {@code other}. */
    public boolean atLeast(Role other) {
        return ordinal() <= other.ordinal();
    }

    public static Optional<Role> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (Role r : values()) {
            if (r.wire().equals(value)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}

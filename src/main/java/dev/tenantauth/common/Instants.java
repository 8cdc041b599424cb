package dev.tenantauth.common;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/** The one conversion of a timestamp column read through a native query (the driver's type varies). */
public final class Instants {

    public static Instant of(Object column) {
        if (column instanceof Instant i) {
            return i;
        }
        if (column instanceof Timestamp ts) {
            return ts.toInstant();
        }
        if (column instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + (column == null ? "null" : column.getClass()));
    }

    private Instants() {}
}

package dev.tenantauth.security;

import java.sql.SQLException;

/** The per-request check could not reach the database: answered 503, never 401 or 500. */
public class DatabaseUnavailableException extends RuntimeException {
    public DatabaseUnavailableException(SQLException cause) {
        super("database unavailable during the access check", cause);
    }
}

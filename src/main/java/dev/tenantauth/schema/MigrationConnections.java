package dev.tenantauth.schema;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.Executor;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The pool's connections carry a socket timeout (pgjdbc {@code socketTimeout}, see
 * application.properties) so that requests fail fast when the database goes silent. A migration
 * may legitimately wait far longer on one statement (CREATE INDEX CONCURRENTLY waits for every
 * older transaction, then scans the table), so Flyway's connections run without it: the timeout
 * is lifted when Flyway takes a connection and put back when Flyway gives it back to the pool.
 */
final class MigrationConnections implements DataSource {

    private static final Executor DIRECT = Runnable::run;
    private final DataSource pool;

    MigrationConnections(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return withoutTimeout(pool.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return withoutTimeout(pool.getConnection(username, password));
    }

    private static Connection withoutTimeout(Connection c) throws SQLException {
        int original = c.getNetworkTimeout();
        c.setNetworkTimeout(DIRECT, 0);
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close") && !c.isClosed()) {
                        try {
                            c.setNetworkTimeout(DIRECT, original);
                        } catch (SQLException e) {
                            // a broken connection: the pool discards it anyway
                        }
                    }
                    try {
                        return method.invoke(c, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : pool.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || pool.isWrapperFor(iface);
    }
}

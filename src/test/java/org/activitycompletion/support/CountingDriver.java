package org.activitycompletion.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * PostgreSQL's JDBC driver with every statement the service executes counted: whatever runs
 * it (Hibernate, a native query, {@code Session.doWork} on the raw connection), a statement
 * reaches the database through {@code execute*} on a {@link Statement} this driver handed out.
 * A batch counts as its number of entries. The driver's own protocol messages (BEGIN, COMMIT)
 * are not statements and are not counted.
 *
 * <p>The test profile names it as the datasource's driver ({@code quarkus.datasource.jdbc.driver});
 * the pool (Agroal) and everything above it are the service's own. Chosen over PostgreSQL's
 * statistics because {@code pg_stat_statements} needs a server preloaded with it (neither the
 * embedded server nor an arbitrary external one is) and counts every session, the tests' own
 * reads included; over Hibernate's statistics, which see only what Hibernate prepares; and
 * over Agroal's listeners, which see connections, not statements. It counts every connection
 * of the datasource: a measured action must be the only user of the database meanwhile (a
 * connection kept for LISTEN that only waits for notifications executes nothing).
 */
public final class CountingDriver implements Driver {

    private static final AtomicLong EXECUTED = new AtomicLong();

    private final Driver postgres = new org.postgresql.Driver();

    /** Statements executed through this driver since the JVM started. */
    public static long executed() {
        return EXECUTED.get();
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        Connection connection = postgres.connect(url, info);
        if (connection == null) {
            return null;
        }
        return (Connection) proxy(Connection.class, (self, method, args) -> {
            Object result = invoke(connection, self, method, args);
            return result instanceof Statement statement && result != self ? counting(statement) : result;
        });
    }

    private static Statement counting(Statement statement) {
        Class<? extends Statement> type = statement instanceof CallableStatement ? CallableStatement.class
                : statement instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
        int[] batched = {0};
        return (Statement) proxy(type, (self, method, args) -> {
            String name = method.getName();
            if (name.equals("addBatch")) {
                batched[0]++;
            } else if (name.equals("clearBatch")) {
                batched[0] = 0;
            } else if (name.equals("executeBatch") || name.equals("executeLargeBatch")) {
                EXECUTED.addAndGet(batched[0]);
                batched[0] = 0;
            } else if (name.startsWith("execute")) {
                EXECUTED.incrementAndGet(); // counted before it runs: a statement that fails ran too
            }
            return invoke(statement, self, method, args);
        });
    }

    /** Calls the real object; {@code unwrap} to the proxied interface answers the proxy itself. */
    private static Object invoke(Object target, Object self, Method method, Object[] args) throws Throwable {
        if (method.getName().equals("unwrap") && ((Class<?>) args[0]).isInstance(self)) {
            return self;
        }
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static Object proxy(Class<?> type, InvocationHandler handler) {
        return Proxy.newProxyInstance(CountingDriver.class.getClassLoader(), new Class<?>[] {type}, handler);
    }

    @Override
    public boolean acceptsURL(String url) throws SQLException {
        return postgres.acceptsURL(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        return postgres.getPropertyInfo(url, info);
    }

    @Override
    public int getMajorVersion() {
        return postgres.getMajorVersion();
    }

    @Override
    public int getMinorVersion() {
        return postgres.getMinorVersion();
    }

    @Override
    public boolean jdbcCompliant() {
        return postgres.jdbcCompliant();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return postgres.getParentLogger();
    }
}

package org.activitycompletion.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.sql.DataSource;

/** Reads the real database behind the service, to prove what a request did or did not write. */
public final class Db {

    /** Every table of the schema but Flyway's own; {@link #fingerprint} fails when the schema has one more. */
    private static final List<String> TABLES = List.of("app_user", "api_token", "course", "enrolment", "activity",
            "activity_rule", "completion", "completion_history", "grade", "forum_discussion", "forum_post", "change_log");

    private Db() {
    }

    /** A fingerprint of every table's full contents: equal fingerprints mean nothing was written. */
    public static Map<String, String> fingerprint(DataSource dataSource) {
        Map<String, String> result = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            Set<String> schema = new TreeSet<>();
            try (ResultSet rs = s.executeQuery("select table_name from information_schema.tables where table_schema ="
                    + " current_schema() and table_type = 'BASE TABLE' and table_name <> 'flyway_schema_history'")) {
                while (rs.next()) {
                    schema.add(rs.getString(1));
                }
            }
            if (!schema.equals(new TreeSet<>(TABLES))) {
                throw new AssertionError("Db.TABLES must name every table of the schema: " + schema + ", not " + TABLES);
            }
            for (String table : TABLES) {
                try (ResultSet rs = s.executeQuery("select count(*) || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '')"
                        + " from " + table + " t")) {
                    rs.next();
                    result.put(table, rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return result;
    }

    /** Runs one statement (test setup the API cannot do yet, or faster in bulk). */
    public static void execute(DataSource dataSource, String sql) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * How many SQL statements reached the database while the action ran, counted at the JDBC
     * level ({@link CountingDriver}): Hibernate's, native queries' and those run on the raw
     * connection alike. The action must be the only thing using the database meanwhile.
     */
    public static long statements(Runnable action) {
        long before = CountingDriver.executed();
        action.run();
        return CountingDriver.executed() - before;
    }

    public static long count(DataSource dataSource, String sql) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.activitycompletion.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.activitycompletion.embedded.EmbeddedDatabase;
import org.activitycompletion.embedded.EmbeddedSettings;

/**
 * Tests run against a real, throw-away embedded PostgreSQL, unless a JDBC URL is given
 * ({@code -Dquarkus.datasource.jdbc.url=...} or {@code QUARKUS_DATASOURCE_JDBC_URL}).
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedDatabase database;
    private static Path directory;
    private static int port;

    /**
     * Stops the embedded PostgreSQL, runs {@code whileDown}, and starts it again on the same
     * port and data directory: a database outage for fault tests.
     */
    public static synchronized void outage(Runnable whileDown) {
        if (database == null) {
            throw new IllegalStateException("The tests run against an external database; no outage can be made.");
        }
        try {
            database.close();
            try {
                whileDown.run();
            } finally { // a failed check while down must not leave the next tests without a database
                database = EmbeddedDatabase.start(directory, port);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Map<String, String> start() {
        // The packaged-artifact tests run the prod profile: they need the admin token too.
        Map<String, String> admin = Map.of("completion.admin-token", Gql.ADMIN_TOKEN);
        if (EmbeddedSettings.fromEnvironment().configuredJdbcUrl().isPresent()) {
            return admin;
        }
        try {
            directory = Files.createTempDirectory("completion-test-pg");
            database = EmbeddedDatabase.start(directory, 0);
            port = Integer.parseInt(database.jdbcUrl().replaceAll(".*:(\\d+)/.*", "$1"));
            return Map.of(EmbeddedSettings.JDBC_URL, database.jdbcUrl(), "completion.admin-token", Gql.ADMIN_TOKEN);
        } catch (IOException e) {
            throw new IllegalStateException("Embedded PostgreSQL did not start", e);
        }
    }

    @Override
    public void stop() {
        try {
            if (database != null) {
                database.close();
                database = null;
            }
            if (directory != null) {
                try (Stream<Path> files = Files.walk(directory)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

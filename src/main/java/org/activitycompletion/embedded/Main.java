package org.activitycompletion.embedded;

import io.quarkus.runtime.ImageMode;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import org.jboss.logging.Logger;

/**
 * Entry point: starts the embedded PostgreSQL first when no JDBC URL is configured, then the
 * service. With {@code QUARKUS_DATASOURCE_JDBC_URL} set it is a plain Quarkus start.
 */
@QuarkusMain
public class Main {

    private static final Logger LOG = Logger.getLogger(Main.class);

    public static void main(String... args) throws Exception {
        EmbeddedSettings settings = EmbeddedSettings.fromEnvironment();
        if (settings.configuredJdbcUrl().isEmpty() && ImageMode.current() == ImageMode.NATIVE_RUN) {
            // stderr itself: before Quarkus.run the native executable's logging is not set up, and a
            // log call here printed nothing (native/check-self-contained.sh checks this message)
            System.err.println("ERROR: the native executable has no embedded PostgreSQL: set QUARKUS_DATASOURCE_JDBC_URL"
                    + " (and QUARKUS_DATASOURCE_USERNAME / QUARKUS_DATASOURCE_PASSWORD).");
            System.exit(2);
        }
        if (settings.configuredJdbcUrl().isEmpty() && !Boolean.getBoolean("quarkus.appcds.generate")) {
            EmbeddedDatabase database = EmbeddedDatabase.start(settings.dataDirectory(), settings.port());
            LOG.infof("Embedded PostgreSQL started, data in %s", database.dataDirectory());
            System.setProperty(EmbeddedSettings.JDBC_URL, database.jdbcUrl());
            // Dev mode returns from Quarkus.run on each live reload: stop the database with the JVM.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    database.close();
                } catch (Exception e) {
                    LOG.warn("Embedded PostgreSQL did not stop cleanly", e);
                }
            }, "embedded-postgres-stop"));
        }
        Quarkus.run(args);
    }
}

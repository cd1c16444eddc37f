package org.activitycompletion.embedded;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Start-up settings of the embedded database. They are read before Quarkus (and its config)
 * starts, so they come from system properties or environment variables only.
 */
public record EmbeddedSettings(Optional<String> configuredJdbcUrl, Path dataDirectory, int port) {

    public static final String JDBC_URL = "quarkus.datasource.jdbc.url";
    public static final String DATA_DIR = "completion.embedded.data-dir";
    public static final String PORT = "completion.embedded.port";

    public static EmbeddedSettings fromEnvironment() {
        Path defaultDir = Path.of(System.getProperty("user.home"), ".activity-completion", "pgdata");
        return new EmbeddedSettings(
                read(JDBC_URL),
                read(DATA_DIR).map(Path::of).orElse(defaultDir),
                read(PORT).map(Integer::parseInt).orElse(0));
    }

    /** A system property, else its environment form (dots and dashes as underscores, upper case). */
    static Optional<String> read(String key) {
        String value = System.getProperty(key);
        if (value == null) {
            value = System.getenv(key.toUpperCase().replace('.', '_').replace('-', '_'));
        }
        return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
    }
}

package org.activitycompletion.feed;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.cache.CacheManager;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Listens to the change feed on a connection of its own and keeps {@link Freshness} honest.
 * <p>
 * Every {@code heartbeat} it makes a round trip on that connection. PostgreSQL sends a
 * listening session's notifications before answering it, so once the answer is in and the
 * notifications that came with it are applied, every change committed before the round trip
 * began has reached this instance's caches: they are trusted for {@code trust} from that
 * moment. A stalled or silently dead connection thus stops the caches being read within
 * {@code trust}; a broken one at once. A new connection may have missed notifications, so
 * every cache is dropped before it is trusted (and that is logged).
 */
@ApplicationScoped
public class FeedListener {

    /** The feed connection's {@code application_name}, as {@code pg_stat_activity} shows it. */
    public static final String APPLICATION_NAME = "completion-change-feed";
    private static final Logger LOG = Logger.getLogger(FeedListener.class);
    private static final long FIRST_RECONNECT_DELAY_MS = 50;

    @Inject
    ChangeFeed feed;

    @Inject
    FeedConfig config;

    @Inject
    CacheManager caches;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> username;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    private volatile boolean running;
    private volatile Connection connection;
    private Thread thread;

    void onStart(@Observes StartupEvent event) {
        if (!feed.enabled()) {
            LOG.info("Change feed off (completion.change-feed.enabled=false): run one instance only");
            return;
        }
        running = true;
        thread = new Thread(this::run, "change-feed");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (thread != null) {
            closeQuietly(connection);
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(2));
        }
    }

    private void run() {
        Freshness freshness = feed.freshness();
        long heartbeat = config.heartbeat().toNanos();
        long trust = config.trust().toNanos();
        long delay = FIRST_RECONNECT_DELAY_MS;
        long lostAt = 0; // when the last working connection was lost; 0 while there is one (or never was)
        boolean up = false;
        while (running) {
            try (Connection c = connect(); Statement statement = c.createStatement()) {
                connection = c;
                PGConnection pg = c.unwrap(PGConnection.class);
                statement.execute("LISTEN " + ChangeFeed.CHANNEL);
                long nextBeat = System.nanoTime();
                while (running) {
                    if (System.nanoTime() - nextBeat >= 0) {
                        long began = System.nanoTime();
                        statement.execute("select 1");
                        apply(pg.getNotifications());
                        if (!up) { // a new connection may have missed notifications
                            dropAll();
                            if (lostAt != 0) {
                                LOG.warnf("Change feed back after %d ms; every cache was dropped and is used again",
                                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lostAt));
                            }
                            up = true;
                            lostAt = 0;
                            delay = FIRST_RECONNECT_DELAY_MS;
                        }
                        freshness.confirm(began, trust);
                        nextBeat = began + heartbeat;
                    }
                    long wait = TimeUnit.NANOSECONDS.toMillis(nextBeat - System.nanoTime());
                    apply(pg.getNotifications((int) Math.max(1, wait)));
                }
            } catch (SQLException | RuntimeException e) {
                freshness.distrust();
                if (!running) {
                    return;
                }
                if (up || lostAt == 0) {
                    lostAt = System.nanoTime();
                    LOG.warnf("Change feed connection lost or refused (%s); the caches are not used until it is back",
                            e.getMessage());
                }
                up = false;
                try {
                    Thread.sleep(delay); // back-off between reconnection attempts
                } catch (InterruptedException interrupted) {
                    return;
                }
                delay = Math.min(delay * 2, config.maxReconnectDelay().toMillis());
            } finally {
                connection = null;
            }
        }
    }

    private void apply(PGNotification[] notifications) {
        if (notifications == null) {
            return;
        }
        for (PGNotification notification : notifications) {
            if (!feed.deliver(notification.getParameter())) {
                dropAll();
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        username.ifPresent(u -> properties.setProperty("user", u));
        password.ifPresent(p -> properties.setProperty("password", p));
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        // A read that hangs this long fails the connection; the caches stopped being trusted long before.
        properties.setProperty("socketTimeout", String.valueOf(Math.max(2, config.trust().multipliedBy(4).toSeconds())));
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("tcpKeepAlive", "true");
        Connection c = new org.postgresql.Driver().connect(jdbcUrl, properties);
        if (c == null) {
            throw new SQLException("Not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        c.setAutoCommit(true);
        return c;
    }

    private void dropAll() {
        for (String name : caches.getCacheNames()) {
            caches.getCache(name).ifPresent(cache -> cache.invalidateAll().await().atMost(Duration.ofSeconds(10)));
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing a connection that is going away anyway
            }
        }
    }
}

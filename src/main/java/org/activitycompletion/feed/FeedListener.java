package org.activitycompletion.feed;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
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

/**
 * Reads the change feed on a connection of its own and keeps {@link Freshness} honest.
 * <p>
 * Every {@code poll} it reads, in one statement, the {@code change_log} rows it has not seen of
 * transactions that may have finished since the last read, and the horizon below which every
 * transaction has finished ({@code pg_snapshot_xmin}); rows of transactions still running are
 * read again next time, and seen rows are not delivered twice. So once a read's rows are applied,
 * every change committed before that read began has reached this instance's caches: they are
 * trusted for {@code trust} from that moment. A stalled or silently dead connection thus stops
 * the caches being read within {@code trust}, a broken one at once; a new connection carries on
 * from the same horizon, so nothing committed meanwhile is missed (after a gap of more than half
 * the log's retention, every cache is dropped instead).
 */
@ApplicationScoped
public class FeedListener {

    /** The feed connection's {@code application_name}, as {@code pg_stat_activity} shows it. */
    public static final String APPLICATION_NAME = "completion-change-feed";
    private static final Logger LOG = Logger.getLogger(FeedListener.class);
    private static final long FIRST_RECONNECT_DELAY_MS = 50;
    private static final long CLEAN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** The horizon, then every row of a transaction at or above the given one, in id order. */
    private static final String READ = "with h as (select pg_snapshot_xmin(pg_current_snapshot())::text::bigint as horizon)"
            + " select h.horizon, c.id, c.xid::text::bigint, c.origin::text, c.payload"
            + " from h left join change_log c on c.xid >= ?::text::xid8 order by c.id";

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

    /** Transactions below this have finished and their rows were read. */
    private long horizon = -1;
    /** Rows read at or above the horizon, by id, with their transaction. */
    private final Map<Long, Long> seen = new HashMap<>();

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
            thread.interrupt();
            closeQuietly(connection);
            thread.join(TimeUnit.SECONDS.toMillis(2));
        }
    }

    private void run() {
        Freshness freshness = feed.freshness();
        long poll = config.poll().toNanos();
        long trust = config.trust().toNanos();
        long delay = FIRST_RECONNECT_DELAY_MS;
        long lostAt = 0; // when the last working connection was lost; 0 while there is one (or never was)
        long lastRead = 0;
        long nextClean = System.nanoTime();
        boolean up = false;
        while (running) {
            try (Connection c = connect(); PreparedStatement read = c.prepareStatement(READ)) {
                connection = c;
                while (running) {
                    long began = System.nanoTime();
                    read(read);
                    if (!up) {
                        boolean gapTooLong = lastRead != 0
                                && began - lastRead > config.retention().toNanos() / 2;
                        if (gapTooLong) {
                            dropAll();
                        }
                        if (lostAt != 0) {
                            LOG.warnf("Change feed back after %d ms; %s", TimeUnit.NANOSECONDS.toMillis(began - lostAt),
                                    gapTooLong ? "the log may have lost changes meanwhile, so every cache was dropped"
                                            : "the changes made meanwhile were read from the log, and the caches are used again");
                        }
                        up = true;
                        lostAt = 0;
                        delay = FIRST_RECONNECT_DELAY_MS;
                    }
                    lastRead = began;
                    freshness.confirm(began, trust);
                    if (began - nextClean >= 0) {
                        clean(c);
                        nextClean = began + CLEAN_EVERY_NANOS;
                    }
                    long wait = began + poll - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait); // the polling schedule
                    }
                }
            } catch (InterruptedException e) {
                return;
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

    /** One read of the log: new rows delivered in id order, then the horizon moved up. */
    private void read(PreparedStatement read) throws SQLException {
        if (horizon < 0) {
            try (Statement st = read.getConnection().createStatement();
                    ResultSet rs = st.executeQuery("select pg_snapshot_xmin(pg_current_snapshot())::text::bigint")) {
                rs.next();
                horizon = rs.getLong(1); // changes from here on; earlier ones are in no cache of this instance
            }
        }
        read.setString(1, Long.toString(horizon));
        long next = horizon;
        try (ResultSet rs = read.executeQuery()) {
            while (rs.next()) {
                next = rs.getLong(1);
                long id = rs.getLong(2);
                if (rs.wasNull() || seen.containsKey(id)) {
                    continue;
                }
                seen.put(id, rs.getLong(3));
                if (!feed.deliver(rs.getString(4), rs.getString(5))) {
                    dropAll();
                }
            }
        }
        long finished = next;
        seen.values().removeIf(xid -> xid < finished);
        horizon = next;
    }

    private void clean(Connection c) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement(
                "delete from change_log where created_at < now() - ?::interval")) {
            delete.setString(1, config.retention().toSeconds() + " seconds");
            delete.executeUpdate();
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

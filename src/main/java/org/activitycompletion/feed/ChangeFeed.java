package org.activitycompletion.feed;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jboss.logging.Logger;

/**
 * Changes told to every instance serving the same database. Any number of instances share one
 * PostgreSQL; each keeps caches of its own, so what one instance writes must reach the others'
 * caches, and their live subscribers.
 * <p>
 * A writer {@link #publish}es what it changed inside its transaction; just before the commit the
 * changes are written as one row of the {@code change_log} table, on the transaction's own
 * connection, so the row exists exactly when the transaction committed. Every instance's
 * {@link FeedListener} reads the rows of transactions finished since it last looked, and hands each
 * change to the handlers registered for its topic
 * with {@link #onOthersChanges} (caches: the writing instance has dropped its own entries
 * already) or {@link #onEveryChange} (subscriptions: one ordered stream for every instance).
 * <p>
 * With {@code completion.change-feed.enabled=false} (one instance alone) nothing is sent, and
 * {@link #freshness()} always trusts the caches.
 */
@ApplicationScoped
public class ChangeFeed {

    private static final Logger LOG = Logger.getLogger(ChangeFeed.class);

    private final String origin = UUID.randomUUID().toString();
    private final Map<String, List<Handler>> handlers = new ConcurrentHashMap<>();
    private final Freshness freshness;
    private final boolean enabled;
    private final Object pendingKey = new Object();

    @Inject
    TransactionSynchronizationRegistry registry;

    @Inject
    AgroalDataSource dataSource;

    private record Handler(boolean ownToo, Consumer<String> consumer) {
    }

    ChangeFeed(FeedConfig config, MeterRegistry meters) {
        this.enabled = config.enabled();
        this.freshness = enabled ? Freshness.untrusted() : Freshness.ALWAYS;
        Gauge.builder("completion.caches.trusted", freshness, f -> f.trusted() ? 1 : 0).strongReference(true)
                .description("1 while this instance's change feed is current and its caches are read; "
                        + "0 while they are bypassed (the feed is down or behind)")
                .register(meters);
    }

    public boolean enabled() {
        return enabled;
    }

    /** Whether the caches may be read now; the same object for the life of the instance. */
    public Freshness freshness() {
        return freshness;
    }

    /** Handles changes other instances made (this instance applies its own when it makes them). */
    public void onOthersChanges(String topic, Consumer<String> handler) {
        handlers.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(new Handler(false, handler));
    }

    /** Handles every change, this instance's own included, in commit order. */
    public void onEveryChange(String topic, Consumer<String> handler) {
        handlers.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(new Handler(true, handler));
    }

    /**
     * Tells every instance about a change when the current transaction commits (nothing if it
     * rolls back). The body is one line of text. Without a transaction it is sent at once.
     */
    public void publish(String topic, String body) {
        if (!enabled) {
            return;
        }
        if (body.indexOf('\n') >= 0 || topic.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("A change is one line, its topic one word: " + topic);
        }
        String line = topic + ' ' + body;
        int status = registry.getTransactionStatus();
        if (status != Status.STATUS_ACTIVE && status != Status.STATUS_MARKED_ROLLBACK) {
            send(List.of(line));
            return;
        }
        @SuppressWarnings("unchecked")
        List<String> pending = (List<String>) registry.getResource(pendingKey);
        if (pending == null) {
            List<String> lines = new ArrayList<>();
            registry.putResource(pendingKey, lines);
            registry.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                    if (registry.getTransactionStatus() == Status.STATUS_ACTIVE) {
                        send(lines);
                    }
                }

                @Override
                public void afterCompletion(int status) {
                }
            });
            pending = lines;
        }
        if (!pending.contains(line)) {
            pending.add(line);
        }
    }

    /** The transaction's changes as one row of {@code change_log}, written on its own connection. */
    private void send(List<String> lines) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "insert into change_log (origin, payload) values (?::uuid, ?)")) {
            insert.setString(1, origin);
            insert.setString(2, String.join("\n", lines));
            insert.executeUpdate();
        } catch (SQLException e) {
            // Failing here fails the commit: a change the others cannot hear of must not be made.
            throw new IllegalStateException("The change feed could not be written", e);
        }
    }

    /**
     * A transaction's changes, read by the listener: each line to its topic's handlers, in order.
     *
     * @return false if a handler failed (the caller then drops every cache)
     */
    boolean deliver(String from, String payload) {
        boolean delivered = true;
        boolean own = origin.equals(from);
        for (String line : payload.split("\n")) {
            int space = line.indexOf(' ');
            String topic = space < 0 ? line : line.substring(0, space);
            String body = space < 0 ? "" : line.substring(space + 1);
            for (Handler handler : handlers.getOrDefault(topic, List.of())) {
                if (!own || handler.ownToo()) {
                    try {
                        handler.consumer().accept(body);
                    } catch (RuntimeException e) {
                        LOG.errorf(e, "A handler of change feed topic %s failed on: %s", topic, body);
                        delivered = false;
                    }
                }
            }
        }
        return delivered;
    }
}

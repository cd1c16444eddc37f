import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The change feed's candidates side by side (docs/scaling.md): write transactions like the
 * service's (an upsert of one row, each thread its own rows) committed
 *   none   — alone,
 *   notify — with {@code select pg_notify(...)} inside the transaction (delivered on commit),
 *   redis  — followed, after the commit, by a Redis {@code PUBLISH} (not transactional),
 *   log    — with an insert into a change-log table inside the transaction, read every 50 ms by
 *            a poller as the service's FeedListener reads it (the service's choice).
 * For each: commits per second with THREADS writers, and the delivery lag to one listener (a
 * LISTEN connection, a Redis SUBSCRIBE connection, or the poller) from the writer's commit
 * returning to the message arriving. Rounds alternate the modes so that the machine's drift cancels out.
 *
 *   bench/java.sh FeedTransportBench ROUNDS SECONDS THREADS
 *   (PostgreSQL on 127.0.0.1:5432, user postgres, database bench_feed is created; Redis on 127.0.0.1:6379)
 */
public class FeedTransportBench {

    static final String URL = "jdbc:postgresql://127.0.0.1:5432/bench_feed?user=postgres";
    static final String CHANNEL = "feed_bench";

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args.length > 0 ? args[0] : "3");
        int seconds = Integer.parseInt(args.length > 1 ? args[1] : "5");
        int threads = Integer.parseInt(args.length > 2 ? args[2] : "16");
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
                Statement st = admin.createStatement()) {
            st.execute("drop database if exists bench_feed");
            st.execute("create database bench_feed");
        }
        try (Connection c = DriverManager.getConnection(URL); Statement st = c.createStatement()) {
            st.execute("create table feed_row (id int primary key, n bigint not null)");
            st.execute("create table feed_log (id bigint generated always as identity primary key,"
                    + " xid xid8 not null default pg_current_xact_id(), payload text not null)");
            st.execute("create index on feed_log (xid)");
        }
        for (int round = 1; round <= rounds; round++) {
            for (String mode : List.of("none", "notify", "redis", "log")) {
                System.out.println("round " + round + " " + run(mode, seconds, threads));
            }
        }
    }

    static String run(String mode, int seconds, int threads) throws Exception {
        List<Long> lags = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch listening = new CountDownLatch(1);
        Thread listener = new Thread(() -> listen(mode, running, listening, lags));
        listener.start();
        listening.await();
        AtomicLong commits = new AtomicLong();
        List<Thread> writers = new ArrayList<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread writer = new Thread(() -> write(mode, id, end, commits));
            writers.add(writer);
            writer.start();
        }
        for (Thread writer : writers) {
            writer.join();
        }
        Thread.sleep(500); // let the last messages arrive before the listener stops (a bench, not a test)
        running.set(false);
        listener.join();
        List<Long> sorted = new ArrayList<>(lags);
        Collections.sort(sorted);
        String lag = sorted.isEmpty() ? "no lag (nothing sent)"
                : String.format("lag p50 %.2f ms p99 %.2f ms max %.2f ms (%d of %d received)", sorted.get(sorted.size() / 2) / 1e6,
                        sorted.get((int) (sorted.size() * 0.99)) / 1e6, sorted.get(sorted.size() - 1) / 1e6,
                        sorted.size(), commits.get());
        return String.format("%-6s %d threads: %,.0f commits/s, %s", mode, threads, commits.get() / (double) seconds, lag);
    }

    static void write(String mode, int thread, long end, AtomicLong commits) {
        try (Connection c = DriverManager.getConnection(URL);
                Socket redis = mode.equals("redis") ? new Socket("127.0.0.1", 6379) : null) {
            c.setAutoCommit(false);
            PreparedStatement upsert = c.prepareStatement(
                    "insert into feed_row (id, n) values (?, 1) on conflict (id) do update set n = feed_row.n + 1");
            PreparedStatement notify = c.prepareStatement("select pg_notify(?, ?)");
            PreparedStatement log = c.prepareStatement("insert into feed_log (payload) values (?)");
            InputStream redisIn = redis == null ? null : new BufferedInputStream(redis.getInputStream());
            OutputStream redisOut = redis == null ? null : redis.getOutputStream();
            int i = 0;
            while (System.nanoTime() < end) {
                upsert.setInt(1, thread * 1000 + i++ % 1000);
                upsert.executeUpdate();
                if (mode.equals("log")) {
                    log.setString(1, "x " + thread + " " + i);
                    log.executeUpdate();
                }
                if (mode.equals("notify")) {
                    // the payload names the commit; its time is recorded once the commit returns
                    notify.setString(1, CHANNEL);
                    notify.setString(2, "x " + thread + " " + i);
                    notify.execute();
                }
                c.commit();
                long committed = System.nanoTime();
                if (mode.equals("notify") || mode.equals("log")) {
                    SENT.put(thread + " " + i, committed);
                } else if (mode.equals("redis")) {
                    String payload = "x " + committed;
                    resp(redisOut, "PUBLISH", CHANNEL, payload);
                    readLine(redisIn); // :<receivers>
                }
                commits.incrementAndGet();
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Commit times of notifications by "thread i", since NOTIFY's payload is fixed before the commit. */
    static final java.util.concurrent.ConcurrentHashMap<String, Long> SENT = new java.util.concurrent.ConcurrentHashMap<>();

    static void listen(String mode, AtomicBoolean running, CountDownLatch listening, List<Long> lags) {
        try {
            if (mode.equals("redis")) {
                try (Socket s = new Socket("127.0.0.1", 6379)) {
                    s.setSoTimeout(200);
                    InputStream in = new BufferedInputStream(s.getInputStream());
                    resp(s.getOutputStream(), "SUBSCRIBE", CHANNEL);
                    readArray(in);
                    listening.countDown();
                    while (running.get()) {
                        try {
                            List<String> message = readArray(in);
                            long now = System.nanoTime();
                            lags.add(now - Long.parseLong(message.get(2).substring(2)));
                        } catch (java.net.SocketTimeoutException idle) {
                            // check running again
                        }
                    }
                }
                return;
            }
            if (mode.equals("log")) {
                poll(running, listening, lags);
                return;
            }
            try (Connection c = DriverManager.getConnection(URL); Statement st = c.createStatement()) {
                st.execute("LISTEN " + CHANNEL);
                listening.countDown();
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running.get()) {
                    PGNotification[] got = pg.getNotifications(200);
                    long now = System.nanoTime();
                    if (got != null) {
                        for (PGNotification n : got) {
                            String key = n.getParameter().substring(2);
                            Long committed = SENT.remove(key);
                            while (committed == null && running.get()) { // the writer records it just after commit
                                Thread.onSpinWait();
                                committed = SENT.remove(key);
                            }
                            if (committed != null) {
                                lags.add(Math.max(0, now - committed));
                            }
                        }
                    }
                }
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the log every 50 ms as FeedListener does: rows at or above the horizon, each once. */
    static void poll(AtomicBoolean running, CountDownLatch listening, List<Long> lags) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL);
                PreparedStatement read = c.prepareStatement("with h as (select pg_snapshot_xmin(pg_current_snapshot())"
                        + "::text::bigint as horizon) select h.horizon, f.id, f.xid::text::bigint, f.payload from h"
                        + " left join feed_log f on f.xid >= ?::text::xid8 order by f.id")) {
            long horizon = 0;
            java.util.Map<Long, Long> seen = new java.util.HashMap<>();
            listening.countDown();
            while (running.get()) {
                long began = System.nanoTime();
                read.setString(1, Long.toString(horizon));
                long next = horizon;
                try (java.sql.ResultSet rs = read.executeQuery()) {
                    long now = System.nanoTime();
                    while (rs.next()) {
                        next = rs.getLong(1);
                        long id = rs.getLong(2);
                        if (rs.wasNull() || seen.containsKey(id)) {
                            continue;
                        }
                        seen.put(id, rs.getLong(3));
                        String key = rs.getString(4).substring(2);
                        Long committed = SENT.remove(key);
                        while (committed == null && running.get()) {
                            Thread.onSpinWait();
                            committed = SENT.remove(key);
                        }
                        if (committed != null) {
                            lags.add(Math.max(0, now - committed));
                        }
                    }
                }
                long finished = next;
                seen.values().removeIf(x -> x < finished);
                horizon = next;
                long wait = began + 50_000_000L - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
            }
        }
    }

    static void resp(OutputStream out, String... parts) throws IOException {
        StringBuilder b = new StringBuilder("*").append(parts.length).append("\r\n");
        for (String p : parts) {
            b.append('$').append(p.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(p).append("\r\n");
        }
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int ch;
        while ((ch = in.read()) != '\r') {
            if (ch < 0) {
                throw new IOException("closed");
            }
            b.append((char) ch);
        }
        in.read(); // \n
        return b.toString();
    }

    static List<String> readArray(InputStream in) throws IOException {
        String head = readLine(in);
        int n = Integer.parseInt(head.substring(1));
        List<String> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String item = readLine(in);
            items.add(item.charAt(0) == '$' ? readLine(in) : item.substring(1));
        }
        return items;
    }
}

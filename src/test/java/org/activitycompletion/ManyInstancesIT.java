package org.activitycompletion;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.activitycompletion.embedded.EmbeddedDatabase;
import org.activitycompletion.feed.FeedListener;
import org.activitycompletion.support.Gql;
import org.activitycompletion.support.GraphQLSocket;
import org.activitycompletion.support.Instance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three instances of the packaged service on one PostgreSQL, as a scaled-out deployment runs:
 * they start together on an empty database, and a write through one is read through the others
 * within the contract's bound (1 s), every cache included; subscribers on any instance receive
 * every change once, in order; changes committed while the feed connections are killed are
 * neither lost nor read stale; an instance serving a subscription stops promptly.
 * <p>
 * Each check first reads through B so that B has the old answer cached, then writes through A
 * and reads through B until it answers the new one, and asserts how long that took.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManyInstancesIT {

    /** The contract's bound on how long another instance may answer what a write replaced. */
    static final long BOUND_MS = 1_000;
    static final String ADMIN = Gql.ADMIN_TOKEN;

    static Path work;
    static EmbeddedDatabase database;
    static Instance a;
    static Instance b;
    static Instance c;
    static final List<Long> lags = new ArrayList<>();

    static String course;
    static String teacher;
    static String alice;
    static String aliceId;

    @BeforeAll
    static void startThreeInstancesTogether() throws Exception {
        work = Files.createTempDirectory("many-instances");
        database = EmbeddedDatabase.start(work.resolve("pgdata"), 0);
        Map<String, String> env = Map.of("COMPLETION_DEMO", "true");
        a = Instance.start("a", database.jdbcUrl(), work, env);
        b = Instance.start("b", database.jdbcUrl(), work, env);
        c = Instance.start("c", database.jdbcUrl(), work, env);
        a.awaitReady();
        b.awaitReady();
        c.awaitReady();

        course = a.ok(ADMIN, "mutation { createCourse(shortName: \"MANY\", fullName: \"Many\") { id } }")
                .getString("createCourse.id");
        String[] t = person("teacher", "EDITING_TEACHER");
        teacher = t[1];
        String[] s = person("alice", "STUDENT");
        aliceId = s[0];
        alice = s[1];
    }

    @AfterAll
    static void stopAll() throws Exception {
        for (Instance instance : new Instance[] {a, b, c}) {
            if (instance != null) {
                instance.close();
            }
        }
        if (database != null) {
            database.close();
        }
        System.out.println("ManyInstancesIT: write on A → read on B, ms: " + lags);
    }

    static String[] person(String name, String role) {
        String id = a.ok(ADMIN, "mutation($u: String!) { createUser(username: $u, fullName: \"P\") { id } }", "u", "many-" + name)
                .getString("createUser.id");
        String token = a.ok(ADMIN, "mutation($id: ID!) { issueToken(userId: $id) }", "id", id).getString("issueToken");
        a.ok(ADMIN, "mutation($c: ID!, $u: ID!, $r: CourseRole!) { enrol(courseId: $c, userId: $u, role: $r) { role } }",
                "c", course, "u", id, "r", role);
        return new String[] {id, token};
    }

    static String activity(Instance on, String modName, String completion) {
        return on.ok(teacher, "mutation($c: ID!, $m: String!) { createActivity(courseId: $c, modName: $m, name: \"X\","
                + " completion: " + completion + ") { id } }", "c", course, "m", modName).getString("createActivity.id");
    }

    /** Alice's state of an activity as an instance answers it; null when it is not listed. */
    static String state(Instance on, String activityId) {
        List<Map<String, Object>> statuses = on.ok(alice, "query($c: ID!, $u: ID!) { activitiesCompletionStatus("
                + "courseId: $c, userId: $u) { statuses { activityId state } } }", "c", course, "u", aliceId)
                .getList("activitiesCompletionStatus.statuses");
        return statuses.stream().filter(st -> activityId.equals(st.get("activityId")))
                .map(st -> (String) st.get("state")).findFirst().orElse(null);
    }

    /**
     * An activity just created through A, once the instance lists it (within the bound: its
     * course's activity list may be cached there), read a second time so that it is cached.
     */
    static String listed(Instance on, String activityId) {
        seenAfter(System.nanoTime(), () -> state(on, activityId) != null);
        return state(on, activityId);
    }

    /** The instance's {@code completion_caches_trusted} gauge at /q/metrics. */
    static int cachesTrusted(Instance on) {
        String metrics = given().baseUri("http://127.0.0.1").port(on.port()).get("/q/metrics").then().statusCode(200)
                .extract().asString();
        return metrics.lines().filter(line -> line.startsWith("completion_caches_trusted "))
                .mapToInt(line -> (int) Double.parseDouble(line.substring(line.indexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("no completion_caches_trusted at /q/metrics"));
    }

    /**
     * Reads until the condition holds; returns how long after the write returned (so after its
     * commit) the first read that saw it began, in ms: no read begun later can have been stale.
     */
    static long seenAfter(long writtenAt, BooleanSupplier condition) {
        long deadline = writtenAt + TimeUnit.SECONDS.toNanos(10);
        long began;
        do {
            began = System.nanoTime();
            if (began > deadline) {
                throw new AssertionError("Not seen within 10 s");
            }
        } while (!condition.getAsBoolean());
        long ms = TimeUnit.NANOSECONDS.toMillis(Math.max(0, began - writtenAt));
        synchronized (lags) {
            lags.add(ms);
        }
        assertTrue(ms < BOUND_MS, "seen " + ms + " ms after the write, over the bound of " + BOUND_MS + " ms");
        return ms;
    }

    @Test
    @Order(1)
    void instancesStartingTogetherOnAnEmptyDatabaseAllStart() throws Exception {
        try (Connection db = DriverManager.getConnection(database.jdbcUrl());
                Statement st = db.createStatement()) {
            assertEquals(1, count(st, "select count(*) from app_user where site_admin"));
            assertEquals(1, count(st, "select count(*) from course where short_name = 'DEMO101'"));
        }
        for (Instance instance : new Instance[] {a, b, c}) {
            assertEquals("admin", instance.ok(ADMIN, "{ me { username } }").getString("me.username"));
            assertFalse(instance.logText().contains(" ERROR "), instance.name + " logged an error:\n" + instance.logText());
        }
    }

    @Test
    @Order(2)
    void aViewAGradeAndAForumPostAreSeenEverywhere() {
        String page = activity(a, "page", "{tracking: AUTOMATIC, requireView: true}");
        String assign = activity(a, "assign", "{tracking: AUTOMATIC, requireGrade: true, requirePassGrade: true,"
                + " gradePass: 50}");
        String forum = activity(a, "forum", "{tracking: AUTOMATIC, customRules: [{name: \"completiondiscussions\","
                + " value: 1}]}");
        for (Instance reader : new Instance[] {b, c}) {
            assertEquals("INCOMPLETE", listed(reader, page));
        }

        a.ok(alice, "mutation($a: ID!) { recordView(activityId: $a) { state } }", "a", page);
        long t = System.nanoTime();
        seenAfter(t, () -> "COMPLETE".equals(state(b, page)));
        seenAfter(t, () -> "COMPLETE".equals(state(c, page)));

        assertEquals("INCOMPLETE", listed(b, assign));
        a.ok(teacher, "mutation($a: ID!, $u: ID!) { setGrade(activityId: $a, userId: $u, grade: 70) { state } }",
                "a", assign, "u", aliceId);
        t = System.nanoTime();
        seenAfter(t, () -> "COMPLETE_PASS".equals(state(b, assign)));

        assertEquals("INCOMPLETE", listed(b, forum));
        a.ok(alice, "mutation($a: ID!) { addForumDiscussion(activityId: $a, subject: \"S\", message: \"M\") { id } }",
                "a", forum);
        t = System.nanoTime();
        seenAfter(t, () -> "COMPLETE".equals(state(b, forum)));
    }

    @Test
    @Order(3)
    void aSettingsChangeAndANewActivityAreSeenEverywhere() {
        String page = activity(a, "page", "{tracking: AUTOMATIC, requireView: true}");
        assertEquals("INCOMPLETE", listed(b, page));
        a.ok(teacher, "mutation($a: ID!) { updateCompletionSettings(activityId: $a, unlock: true,"
                + " completion: {tracking: NONE}) { id } }", "a", page);
        long t = System.nanoTime();
        seenAfter(t, () -> state(b, page) == null);

        String listed = "query($c: ID!) { course(id: $c) { activities { id } } }";
        List<String> before = b.ok(teacher, listed, "c", course).getList("course.activities.id");
        String created = activity(a, "page", "{tracking: AUTOMATIC, requireView: true}");
        t = System.nanoTime();
        assertFalse(before.contains(created));
        seenAfter(t, () -> b.ok(teacher, listed, "c", course).<String>getList("course.activities.id").contains(created));
        assertEquals("COMPLETE", b.ok(alice, "mutation($a: ID!) { recordView(activityId: $a) { state } }", "a", created)
                .getString("recordView.state"));
    }

    @Test
    @Order(4)
    void anUnenrolmentAndARevokedTokenStopWorkingEverywhere() {
        String[] dave = person("dave", "STUDENT");
        String read = "query($c: ID!) { course(id: $c) { id } }";
        assertEquals(course, b.ok(dave[1], read, "c", course).getString("course.id"));
        a.ok(teacher, "mutation($c: ID!, $u: ID!) { unenrol(courseId: $c, userId: $u) }", "c", course, "u", dave[0]);
        long t = System.nanoTime();
        seenAfter(t, () -> "NOT_FOUND".equals(b.run(dave[1], read, "c", course).getString("errors[0].extensions.code")));

        assertEquals("many-dave", c.ok(dave[1], "{ me { username } }").getString("me.username"));
        a.ok(ADMIN, "mutation($u: ID!) { revokeTokens(userId: $u) }", "u", dave[0]);
        t = System.nanoTime();
        seenAfter(t, () -> "UNAUTHENTICATED".equals(c.run(dave[1], "{ me { username } }")
                .getString("errors[0].extensions.code")));
        assertEquals("UNAUTHENTICATED", b.run(dave[1], "{ me { username } }").getString("errors[0].extensions.code"));
    }

    @Test
    @Order(5)
    void subscribersOnEveryInstanceGetEveryChangeOnceInOrder() throws Exception {
        String label = activity(a, "label", "{tracking: MANUAL}");
        String subscription = "subscription($c: ID!) { completionChanged(courseId: $c) { activityId userId state } }";
        try (Subscriber onB = new Subscriber(b, teacher, subscription, course);
                Subscriber onA = new Subscriber(a, teacher, subscription, course)) {
            awaitLive(List.of(onB, onA));

            List<String> sent = List.of("COMPLETE", "INCOMPLETE", "COMPLETE", "INCOMPLETE");
            for (String state : sent) {
                a.ok(alice, "mutation($a: ID!, $d: Boolean!) { setManualCompletion(activityId: $a, completed: $d)"
                        + " { state } }", "a", label, "d", state.equals("COMPLETE"));
            }
            String end = activity(a, "page", "{tracking: AUTOMATIC, requireView: true}");
            c.ok(alice, "mutation($a: ID!) { recordView(activityId: $a) { state } }", "a", end); // through C
            for (Subscriber subscriber : new Subscriber[] {onB, onA}) {
                List<String> got = new ArrayList<>();
                String frame;
                while (!(frame = subscriber.next()).contains("\"activityId\":\"" + end + "\"")) {
                    assertTrue(frame.contains("\"activityId\":\"" + label + "\""), frame);
                    got.add(frame.replaceAll(".*\"state\":\"([A-Z_]+)\".*", "$1"));
                }
                assertEquals(sent, got, subscriber.on.name + ": each change once, in commit order");
            }
        }
    }

    /**
     * A write committed while every instance's feed connection is being killed over and over
     * (pg_terminate_backend) reaches B's caches and B's subscriber once its feed is back: nothing
     * stale is read meanwhile (caches unused while the feed is down), nor afterwards.
     */
    @Test
    @Order(6)
    void changesMadeWhileTheFeedIsDownAreNotLost() throws Exception {
        String page = activity(a, "page", "{tracking: AUTOMATIC, requireView: true}");
        assertEquals("INCOMPLETE", listed(b, page));
        String subscription = "subscription($c: ID!) { completionChanged(courseId: $c) { activityId userId state } }";
        try (Subscriber onB = new Subscriber(b, teacher, subscription, course);
                Connection db = DriverManager.getConnection(database.jdbcUrl());
                Statement st = db.createStatement()) {
            awaitLive(List.of(onB));
            String feeds = "from pg_stat_activity where application_name = '" + FeedListener.APPLICATION_NAME + "'";
            assertEquals(3, count(st, "select count(*) " + feeds), "one feed connection per instance");
            AtomicLong killed = new AtomicLong();
            AtomicBoolean killing = new AtomicBoolean(true);
            Thread killer = new Thread(() -> {
                try (Connection k = DriverManager.getConnection(database.jdbcUrl()); Statement ks = k.createStatement()) {
                    while (killing.get()) {
                        killed.addAndGet(count(ks, "select count(*) from (select pg_terminate_backend(pid) as done "
                                + feeds + ") t where done"));
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            killer.start();
            try {
                while (killed.get() < 3) {
                    Thread.onSpinWait(); // until the first round of kills has gone through
                }
                a.ok(alice, "mutation($a: ID!) { recordView(activityId: $a) { state } }", "a", page);
                long t = System.nanoTime();
                seenAfter(t, () -> "COMPLETE".equals(state(b, page))); // while the feeds are still being killed
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (cachesTrusted(b) != 0) { // operators see it: B's caches are bypassed
                    assertTrue(System.nanoTime() < until, "completion_caches_trusted stayed 1 while B's feed was being killed");
                }
            } finally { // a failure here must not leave the later tests' feeds being killed
                killing.set(false);
                killer.join();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!b.logText().contains("Change feed back after")) { // B reconnected and trusts its caches again
                assertTrue(System.nanoTime() < deadline, "B's feed did not come back:\n" + b.logText());
                assertEquals("COMPLETE", state(b, page));
            }
            while (cachesTrusted(b) != 1) {
                assertTrue(System.nanoTime() < deadline, "completion_caches_trusted did not come back to 1 on B");
            }
            assertTrue(b.logText().contains("Change feed connection lost"), b.logText());
            for (int i = 0; i < 20; i++) {
                assertEquals("COMPLETE", state(b, page), "no stale read once the feed is back");
            }
            String frame = onB.next();
            assertTrue(frame.contains("\"activityId\":\"" + page + "\"") && frame.contains("\"COMPLETE\""),
                    "the change made while B's feed was down reached B's subscriber: " + frame);
        }
        String after = activity(a, "page", "{tracking: AUTOMATIC, requireView: true}");
        assertEquals("INCOMPLETE", listed(b, after));
        a.ok(alice, "mutation($a: ID!) { recordView(activityId: $a) { state } }", "a", after);
        long t = System.nanoTime();
        seenAfter(t, () -> "COMPLETE".equals(state(b, after)));
    }

    /** Scale-down: an instance with an open subscription stops on SIGTERM without waiting out the shutdown timeout. */
    @Test
    @Order(7)
    void anInstanceServingASubscriptionStopsPromptly() throws Exception {
        Subscriber onC = new Subscriber(c, teacher,
                "subscription($c: ID!) { completionChanged(courseId: $c) { activityId state } }", course);
        awaitLive(List.of(onC));
        long ms = c.stop();
        assertTrue(ms < 5_000, "C took " + ms + " ms to stop; quarkus.shutdown.timeout is 10 s");
        assertFalse(c.logText().contains("Timed out waiting for graceful shutdown"), c.logText());
        System.out.println("ManyInstancesIT: SIGTERM to exit with an open subscription: " + ms + " ms");
    }

    /**
     * The protocol does not acknowledge a subscription: toggle a probe activity through A until
     * every subscriber has had a change of it, then view a marker page and drop every frame up to
     * the marker's (changes arrive in commit order, so nothing of the probe's comes after it).
     */
    static void awaitLive(List<Subscriber> subscribers) throws InterruptedException {
        String probe = activity(a, "label", "{tracking: MANUAL}");
        boolean completed = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Set<Subscriber> live = new HashSet<>();
        while (live.size() < subscribers.size()) {
            assertTrue(System.nanoTime() < deadline, "a subscription never delivered");
            completed = !completed;
            a.ok(alice, "mutation($a: ID!, $d: Boolean!) { setManualCompletion(activityId: $a, completed: $d)"
                    + " { state } }", "a", probe, "d", completed);
            for (Subscriber subscriber : subscribers) {
                String frame = subscriber.frames.poll(200, TimeUnit.MILLISECONDS);
                if (frame != null && frame.contains(probe)) {
                    live.add(subscriber);
                }
            }
        }
        String marker = activity(a, "page", "{tracking: AUTOMATIC, requireView: true}");
        a.ok(alice, "mutation($a: ID!) { recordView(activityId: $a) { state } }", "a", marker);
        for (Subscriber subscriber : subscribers) {
            String frame;
            do {
                frame = subscriber.next();
            } while (!frame.contains("\"activityId\":\"" + marker + "\""));
        }
    }

    static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A graphql-transport-ws subscriber on one instance. */
    static final class Subscriber implements AutoCloseable {
        final Instance on;
        final GraphQLSocket socket;
        final BlockingQueue<String> frames;

        Subscriber(Instance on, String token, String query, String courseId) throws Exception {
            this.on = on;
            socket = GraphQLSocket.withHeader(URI.create("ws://127.0.0.1:" + on.port() + "/graphql"), token)
                    .subscribe(query, Map.of("c", courseId));
            frames = socket.frames;
        }

        String next() throws InterruptedException {
            return socket.next();
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }
}

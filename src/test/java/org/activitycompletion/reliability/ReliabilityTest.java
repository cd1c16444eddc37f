package org.activitycompletion.reliability;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.activitycompletion.support.Db;
import org.activitycompletion.support.EmbeddedPostgresResource;
import org.activitycompletion.support.Fixtures;
import org.activitycompletion.support.Fixtures.Person;
import org.activitycompletion.support.Gql;
import org.junit.jupiter.api.Test;

/**
 * Under concurrent mixed events and a database outage, nothing is lost: every stored state is
 * what a recalculation gives, one row per user and activity, the history is complete, and
 * clients only see documented, retryable errors.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class ReliabilityTest {

    @Inject
    DataSource dataSource;

    @TestHTTPResource("/graphql")
    URI graphql;

    /** A course with four kinds of activity and its people. */
    static final class World {
        final String course = Fixtures.course(true);
        final Person teacher = Fixtures.enrolled(course, "TEACHER");
        final Person editor = Fixtures.enrolled(course, "EDITING_TEACHER");
        final List<Person> students = new ArrayList<>();
        final Map<String, String> settings = new ConcurrentHashMap<>();
        final String page = activity("page", "{tracking: AUTOMATIC, requireView: true}");
        final String assign = activity("assign", "{tracking: AUTOMATIC, requireView: true, requireGrade: true,"
                + " requirePassGrade: true, gradePass: 50}");
        final String forum = activity("forum", "{tracking: AUTOMATIC, customRules: [{name: \"completionposts\", value: 2}]}");
        final String label = activity("label", "{tracking: MANUAL}");

        World(int students) {
            for (int i = 0; i < students; i++) {
                this.students.add(Fixtures.enrolled(course, "STUDENT"));
            }
        }

        String activity(String mod, String completion) {
            String id = Fixtures.activity(course, mod, completion);
            settings.put(id, completion);
            return id;
        }
    }

    /** The error code of a GraphQL response, or "ok". */
    static String outcome(JsonPath result) {
        String code = result.getString("errors[0].extensions.code");
        return code == null ? "ok" : code;
    }

    /** The kinds of event the mixed clients draw, in the order of their cases. */
    static final List<String> KINDS = List.of("view", "grade", "discussion", "reply", "delete", "tick", "override");

    @Test
    void sixtyFourClientsWithMixedEvents() throws Exception {
        World w = new World(8);
        ConcurrentLinkedQueue<String[]> posts = new ConcurrentLinkedQueue<>();
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> byKind = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(64);
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < 64; c++) {
            Random random = new Random(c);
            clients.add(pool.submit(() -> {
                for (int op = 0; op < 25; op++) {
                    Person s = w.students.get(random.nextInt(w.students.size()));
                    int kind = random.nextInt(7);
                    String result = switch (kind) {
                        case 0 -> outcome(s.gql().run("mutation($a: ID!) { recordView(activityId: $a) { state } }",
                                "a", random.nextBoolean() ? w.page : w.assign));
                        case 1 -> outcome(w.teacher.gql().run("mutation($a: ID!, $u: ID!, $g: Float) { setGrade(activityId: $a,"
                                + " userId: $u, grade: $g) { state } }", "a", w.assign, "u", s.id(),
                                "g", random.nextInt(5) == 0 ? null : (double) random.nextInt(101)));
                        case 2 -> {
                            JsonPath r = s.gql().run("mutation($a: ID!) { addForumDiscussion(activityId: $a, subject: \"S\","
                                    + " message: \"M\") { id } }", "a", w.forum);
                            if (r.getString("data.addForumDiscussion.id") != null) {
                                posts.add(new String[] {r.getString("data.addForumDiscussion.id"), s.token()});
                            }
                            yield outcome(r);
                        }
                        case 3 -> {
                            String[] parent = posts.peek();
                            if (parent == null) {
                                yield null; // no post to reply to: nothing sent
                            }
                            JsonPath r = s.gql().run("mutation($p: ID!) { addForumReply(parentPostId: $p, message: \"R\") {"
                                    + " id } }", "p", parent[0]);
                            if (r.getString("data.addForumReply.id") != null) {
                                posts.add(new String[] {r.getString("data.addForumReply.id"), s.token()});
                            }
                            yield outcome(r);
                        }
                        case 4 -> {
                            String[] post = random.nextInt(3) == 0 ? posts.poll() : null;
                            yield post == null ? null : outcome(Gql.as(post[1]).run(
                                    "mutation($p: ID!) { deleteForumPost(postId: $p) }", "p", post[0]));
                        }
                        case 5 -> outcome(s.gql().run("mutation($a: ID!, $d: Boolean!) { setManualCompletion(activityId: $a,"
                                + " completed: $d) { state } }", "a", w.label, "d", random.nextBoolean()));
                        default -> outcome(w.teacher.gql().run("mutation($a: ID!, $u: ID!, $s: CompletionState!) {"
                                + " overrideCompletion(activityId: $a, userId: $u, state: $s) { state } }",
                                "a", List.of(w.page, w.assign, w.forum, w.label).get(random.nextInt(4)), "u", s.id(),
                                "s", random.nextBoolean() ? "COMPLETE" : "INCOMPLETE"));
                    };
                    if (result != null) {
                        outcomes.computeIfAbsent(result, k -> new AtomicInteger()).incrementAndGet();
                        byKind.computeIfAbsent(KINDS.get(kind) + " " + result, k -> new AtomicInteger()).incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> client : clients) {
            client.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        int sent = outcomes.values().stream().mapToInt(AtomicInteger::get).sum();
        System.out.println("reliability: 64 clients x 25 draws of mixed events, " + sent + " requests sent, outcomes " + outcomes
                + ", by kind " + new java.util.TreeMap<>(byKind));
        Set<String> allowed = Set.of("ok", "NOT_FOUND", "CONFLICT");
        assertTrue(allowed.containsAll(outcomes.keySet()), "outcomes: " + outcomes);
        for (String kind : KINDS) {
            assertTrue(count(byKind, kind + " ok") > 0, "no " + kind + " succeeded: " + byKind);
            if (!kind.equals("reply") && !kind.equals("delete")) {
                assertEquals(0, count(byKind, kind + " NOT_FOUND"), "only posts vanish under a client: " + byKind);
            }
        }
        assertIntact(w);
    }

    @Test
    void aDatabaseOutageDuringLoad() throws Exception {
        World w = new World(8);
        AtomicBoolean running = new AtomicBoolean(true);
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> clients = new ArrayList<>();
        for (Person s : w.students) {
            clients.add(pool.submit(() -> {
                Random random = new Random(s.id().hashCode());
                while (running.get()) {
                    String result;
                    try {
                        result = switch (random.nextInt(3)) {
                            case 0 -> outcome(s.gql().run("mutation($a: ID!) { recordView(activityId: $a) { state } }",
                                    "a", w.page));
                            case 1 -> outcome(w.teacher.gql().run("mutation($a: ID!, $u: ID!, $g: Float) { setGrade("
                                    + "activityId: $a, userId: $u, grade: $g) { state } }", "a", w.assign, "u", s.id(),
                                    "g", (double) random.nextInt(101)));
                            default -> outcome(s.gql().run("mutation($a: ID!, $d: Boolean!) { setManualCompletion("
                                    + "activityId: $a, completed: $d) { state } }", "a", w.label, "d", random.nextBoolean()));
                        };
                    } catch (AssertionError httpStatus) {
                        result = "HTTP " + httpStatus.getMessage();
                    }
                    outcomes.computeIfAbsent(result, k -> new AtomicInteger()).incrementAndGet();
                }
                return null;
            }));
        }
        await(() -> count(outcomes, "ok") >= 24, "24 requests answered before the outage");
        int[] readyWhileDown = {0};
        EmbeddedPostgresResource.outage(() -> {
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline && readyWhileDown[0] != 503) {
                readyWhileDown[0] = given().get("/q/health/ready").statusCode();
            }
            // Down until requests have met the outage, so the fault this test is about did happen.
            await(() -> count(outcomes, "UNAVAILABLE") >= 3, "3 requests answered UNAVAILABLE while the database was down");
        });
        await(() -> given().get("/q/health/ready").statusCode() == 200, "ready again after the outage");
        int okBefore = count(outcomes, "ok");
        await(() -> count(outcomes, "ok") >= okBefore + 24, "24 more requests answered after the outage");
        running.set(false);
        for (Future<?> client : clients) {
            client.get(1, TimeUnit.MINUTES);
        }
        pool.shutdown();
        System.out.println("reliability: database outage under load, outcomes " + outcomes + ", readiness while down "
                + readyWhileDown[0]);
        assertEquals(503, readyWhileDown[0], "readiness reports the outage");
        assertTrue(Set.of("ok", "UNAVAILABLE").containsAll(outcomes.keySet()), "outcomes: " + outcomes);
        assertIntact(w);
    }

    /**
     * Clients that close their connection mid-request (a phone going offline) while others keep
     * writing: the service finishes or drops each cut-off request whole, so the stored states,
     * their history and the caches stay consistent, and no cache load is left behind or logged
     * per key.
     */
    @Test
    void clientsThatLeaveMidRequest() throws Exception {
        World w = new World(8);
        List<LogRecord> cacheWarnings = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    cacheWarnings.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger caffeine = Logger.getLogger("com.github.benmanes.caffeine");
        caffeine.addHandler(capture);
        AtomicInteger cutOff = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < 16; c++) {
                Random random = new Random(1000 + c);
                clients.add(pool.submit(() -> {
                    for (int op = 0; op < 40; op++) {
                        Person s = w.students.get(random.nextInt(w.students.size()));
                        String[] request = switch (random.nextInt(4)) {
                            case 0 -> new String[] {s.token(), "mutation { recordView(activityId: "
                                    + (random.nextBoolean() ? w.page : w.assign) + ") { state } }"};
                            case 1 -> new String[] {w.teacher.token(), "mutation { setGrade(activityId: " + w.assign
                                    + ", userId: " + s.id() + ", grade: " + random.nextInt(101) + ") { state } }"};
                            case 2 -> new String[] {s.token(), "mutation { setManualCompletion(activityId: " + w.label
                                    + ", completed: " + random.nextBoolean() + ") { state } }"};
                            default -> new String[] {w.teacher.token(), "{ courseCompletionReport(courseId: " + w.course
                                    + ", first: 50) { rows { progress completions { state } } } }"};
                        };
                        if (leaveMidRequest(request[0], request[1], random.nextInt(12))) {
                            cutOff.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : clients) {
                client.get(2, TimeUnit.MINUTES);
            }
            awaitServiceIdle(); // the work of the last cut-off requests finishes
        } finally {
            pool.shutdown();
            caffeine.removeHandler(capture);
        }
        long changes = Db.count(dataSource, "select count(*) from completion_history where activity_id in ("
                + String.join(",", w.settings.keySet()) + ")");
        System.out.println("reliability: clients leaving mid-request, " + cutOff + " of 640 requests cut off before any"
                + " byte of their answer arrived; " + changes + " completion changes recorded");
        assertTrue(cutOff.get() > 0, "no request was cut off: the test did not test anything");
        assertTrue(changes > 0, "no write reached the service before its client left: the test did not test anything");
        assertEquals(List.of(), cacheWarnings.stream().map(LogRecord::getMessage).toList());
        assertIntact(w);
    }

    /**
     * Waits until no thread of the service (its event loops and workers) runs the service's own
     * code, seen 5 times in a row 20 ms apart: the clients are gone, so nothing new arrives, and
     * what the cut-off requests left running has ended.
     */
    private static void awaitServiceIdle() {
        int idle = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (idle < 5) {
            assertTrue(System.nanoTime() < deadline, "the service kept working for 30 s");
            boolean busy = Thread.getAllStackTraces().entrySet().stream()
                    .filter(e -> e.getKey().getName().startsWith("executor-thread-")
                            || e.getKey().getName().startsWith("vert.x-"))
                    .flatMap(e -> Arrays.stream(e.getValue()))
                    .anyMatch(frame -> frame.getClassName().startsWith("org.activitycompletion."));
            idle = busy ? 0 : idle + 1;
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /**
     * Sends a GraphQL request on a fresh connection and resets the connection after a few
     * milliseconds; true when no byte of the answer had arrived by then (the client left mid-request).
     */
    private boolean leaveMidRequest(String token, String document, int millis) throws Exception {
        byte[] body = ("{\"query\":\"" + document.replace("\"", "\\\"") + "\"}").getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(graphql.getHost(), graphql.getPort())) {
            socket.setSoLinger(true, 0); // close with a reset, as a vanished client's connection ends
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + graphql.getPath() + " HTTP/1.1\r\nHost: " + graphql.getHost() + "\r\n"
                    + "Content-Type: application/json\r\nAuthorization: Bearer " + token + "\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            Thread.sleep(millis); // how long this client waits before it goes: the fault, not a synchronization
            return socket.getInputStream().available() == 0;
        }
    }

    static int count(Map<String, AtomicInteger> outcomes, String outcome) {
        AtomicInteger n = outcomes.get(outcome);
        return n == null ? 0 : n.get();
    }

    /** Waits until the condition holds, checking every 10 ms; fails after 30 s. */
    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 30 s: " + what);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    /**
     * The cache serves exactly what is stored; then, with every cached status dropped, every
     * automatic state that no teacher overrode is what its conditions give (Moodle's AND: any
     * INCOMPLETE, else any FAIL, else any PASS, else COMPLETE), the conditions being read back
     * from the stored facts; one row per pair; the history chains to every stored state.
     * (Overrides and manual ticks are not derivable from facts, which is why a settings preview
     * cannot be the check here.)
     */
    void assertIntact(World w) {
        String ids = String.join(",", w.settings.keySet());
        for (Person s : w.students) {
            for (String activity : w.settings.keySet()) {
                long stored = Db.count(dataSource, "select coalesce((select state from completion where activity_id = "
                        + activity + " and user_id = " + s.id() + "), 0)");
                String served = w.teacher.gql().ok("query($a: ID!, $u: ID!) { activity(id: $a) { completion(userId: $u)"
                        + " { state } } }", "a", activity, "u", s.id()).getString("activity.completion.state");
                assertEquals(stored, org.activitycompletion.completion.CompletionState.valueOf(served).moodleValue(),
                        "the cache serves what is stored");
            }
        }
        // A change of the course's completion switch drops every cached status: what follows is read from the tables.
        Gql.admin().ok("mutation($c: ID!) { updateCourse(id: $c, enableCompletion: false) { id } }", "c", w.course);
        Gql.admin().ok("mutation($c: ID!) { updateCourse(id: $c, enableCompletion: true) { id } }", "c", w.course);
        int automatic = 0;
        for (Person s : w.students) {
            JsonPath statuses = w.teacher.gql().ok("query($c: ID!, $u: ID!) { activitiesCompletionStatus(courseId: $c,"
                    + " userId: $u) { statuses { activityId state tracking overriddenBy conditions { status } } } }",
                    "c", w.course, "u", s.id()).setRootPath("data.activitiesCompletionStatus.statuses");
            for (int i = 0; i < statuses.getList("").size(); i++) {
                if ("AUTOMATIC".equals(statuses.getString("[" + i + "].tracking"))
                        && statuses.get("[" + i + "].overriddenBy") == null) {
                    List<String> conditions = statuses.getList("[" + i + "].conditions.status");
                    String expected = conditions.contains("INCOMPLETE") ? "INCOMPLETE"
                            : conditions.contains("COMPLETE_FAIL") ? "COMPLETE_FAIL"
                            : conditions.contains("COMPLETE_PASS") ? "COMPLETE_PASS" : "COMPLETE";
                    assertEquals(expected, statuses.getString("[" + i + "].state"), "user " + s.id() + " in activity "
                            + statuses.getString("[" + i + "].activityId") + " with conditions " + conditions);
                    automatic++;
                }
            }
        }
        assertTrue(automatic > 0, "no automatic state was left to check");
        assertEquals(0, Db.count(dataSource, "select count(*) from (select activity_id, user_id from completion"
                + " where activity_id in (" + ids + ") group by 1, 2 having count(*) > 1) d"));
        assertEquals(0, Db.count(dataSource, "select count(*) from completion c where c.activity_id in (" + ids + ")"
                + " and c.state <> coalesce((select h.new_state from completion_history h where h.activity_id = c.activity_id"
                + " and h.user_id = c.user_id order by h.id desc limit 1), 0)"), "the last change recorded is the state");
        assertEquals(0, Db.count(dataSource, "select count(*) from (select old_state, lag(new_state, 1, 0::smallint)"
                + " over (partition by activity_id, user_id order by id) as previous from completion_history"
                + " where activity_id in (" + ids + ")) h where old_state <> previous"), "every change follows the last");
    }
}

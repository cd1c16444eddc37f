package org.activitycompletion.completion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.activitycompletion.support.Db;
import org.activitycompletion.support.EmbeddedPostgresResource;
import org.activitycompletion.support.Fixtures;
import org.activitycompletion.support.Fixtures.Person;
import org.activitycompletion.support.Gql;
import org.junit.jupiter.api.Test;

/** Settings changes with recalculation and preview, the caches' statement counts and freshness, concurrency. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class SettingsAndCacheTest {

    @Inject
    DataSource dataSource;

    long statements(Runnable action) {
        return Db.statements(action);
    }

    static final String UPDATE = "mutation($a: ID!, $u: Boolean!) { updateCompletionSettings(activityId: $a, unlock: $u,"
            + " completion: %s) { completionSettings { locked } } }";
    static final String PREVIEW = "query($a: ID!) { previewCompletionSettings(activityId: $a, completion: %s) {"
            + " locked usersRecalculated completeToIncomplete incompleteToComplete stateChanges } }";

    /**
     * completionlib_test test_reset_all_state; course/modlib update_moduleinfo with completionunlocked.
     * The preview predicts exactly what the unlock then does.
     */
    @Test
    void lockedSettingsChangeNeedsUnlockAndPreviewMatchesIt() {
        Learning l = new Learning();
        Person carol = Fixtures.enrolled(l.course, "STUDENT");
        String assign = l.activity("assign", "{tracking: AUTOMATIC, requireView: true, requireGrade: true}");
        l.view(l.alice, assign);
        l.grade(assign, l.alice, 70.0);   // complete
        l.view(l.bob, assign);            // viewed only
        l.grade(assign, carol, 20.0);     // graded only
        l.override(carol, assign, "COMPLETE");
        assertEquals(List.of("COMPLETE", "INCOMPLETE", "COMPLETE"),
                List.of(l.state(l.alice, assign), l.state(l.bob, assign), l.state(carol, assign)));

        String viewOnly = "{tracking: AUTOMATIC, requireView: true}";
        Person editor = Fixtures.enrolled(l.course, "EDITING_TEACHER");
        Map<String, String> before = Db.fingerprint(dataSource);
        assertEquals("FORBIDDEN", l.teacher.gql().errorCode(String.format(UPDATE, viewOnly), "a", assign, "u", false),
                "non-editing teachers do not configure activities");
        assertEquals("COMPLETION_LOCKED", editor.gql().errorCode(String.format(UPDATE, viewOnly), "a", assign, "u", false));
        assertEquals(before, Db.fingerprint(dataSource));

        JsonPath preview = editor.gql().ok(String.format(PREVIEW, viewOnly), "a", assign)
                .setRootPath("data.previewCompletionSettings");
        assertEquals(before, Db.fingerprint(dataSource), "a preview writes nothing");
        assertTrue(preview.getBoolean("locked"));
        assertEquals(3, preview.getInt("usersRecalculated"));
        assertEquals(1, preview.getInt("completeToIncomplete"), "carol's override goes, and she never viewed");
        assertEquals(1, preview.getInt("incompleteToComplete"), "bob's view now suffices");
        assertEquals(2, preview.getInt("stateChanges"));

        editor.gql().ok(String.format(UPDATE, viewOnly), "a", assign, "u", true);
        assertEquals(List.of("COMPLETE", "COMPLETE", "INCOMPLETE"),
                List.of(l.state(l.alice, assign), l.state(l.bob, assign), l.state(carol, assign)));
        assertNull(l.completion(carol, assign).get("overriddenBy"));
        assertEquals(List.of("completionview"), l.completion(l.bob, assign).getList("conditions.rule"),
                "no stale details from the cache");
        assertEquals(1, Db.count(dataSource, "select count(*) from completion_history where cause = 'SETTINGS_CHANGED'"
                + " and activity_id = " + assign + " and new_state = 0"));
        assertEquals(0, editor.gql().ok(String.format(PREVIEW, viewOnly), "a", assign)
                .getInt("previewCompletionSettings.stateChanges"), "stored states equal a fresh recalculation");

        // Not locked: with no completion data, rules change freely and recalculate (views are kept).
        String page = l.activity("page", "{tracking: AUTOMATIC, requireView: true}");
        editor.gql().ok(String.format(UPDATE, "{tracking: MANUAL}"), "a", page, "u", false);
        l.tick(l.alice, page, true);
        editor.gql().ok(String.format(UPDATE, "{tracking: MANUAL, expectedBy: \"2030-01-01T00:00:00Z\"}"), "a", page,
                "u", false);
        assertEquals("COMPLETE", l.state(l.alice, page), "the expected date alone changes nothing");
        editor.gql().ok(String.format(UPDATE, "{tracking: AUTOMATIC, requireView: true}"), "a", page, "u", true);
        assertEquals("INCOMPLETE", l.state(l.alice, page), "manual ticks are lost on unlock, as in Moodle");
    }

    /** The seed's performance note: a repeat view costs no SQL; a first view at most 3 statements. */
    @Test
    void repeatViewRunsNoSql() {
        Learning l = new Learning();
        String page = l.activity("page", "{tracking: AUTOMATIC, requireView: true}");
        l.alice.gql().ok("query($a: ID!) { activity(id: $a) { id } }", "a", page); // warms token, role, activity
        long first = statements(() -> l.view(l.alice, page));
        assertTrue(first <= 4, "first view: " + first + " statements");
        assertEquals(0, statements(() -> l.view(l.alice, page)), "repeat view");
        assertEquals(0, statements(() -> l.view(l.alice, page)), "repeat view");
        assertTrue(statements(() -> l.view(l.bob, page)) > 0, "another user's first view does work");
    }

    /** Reads cost a number of statements that does not grow with the number of activities. */
    @Test
    void readsAreBoundedWhateverTheNumberOfActivities() {
        long few = readStatements(3);
        long many = readStatements(30);
        assertEquals(few, many, "statements (status query + nested query) for 3 and 30 activities");
        assertTrue(many / 1000 <= 6 && many % 1000 <= 7, "cold reads of a course: " + many);
    }

    long readStatements(int activities) {
        Learning l = new Learning();
        String[] kinds = {"page:{tracking: AUTOMATIC, requireView: true}",
            "assign:{tracking: AUTOMATIC, requireGrade: true, gradePass: 50}",
            "forum:{tracking: AUTOMATIC, customRules: [{name: \"completionposts\", value: 1}]}",
            "label:{tracking: MANUAL}"};
        for (int i = 0; i < activities; i++) {
            String[] kind = kinds[i % kinds.length].split(":", 2);
            l.activity(kind[0], kind[1]);
        }
        l.state(l.bob, l.activity("page", "{tracking: NONE}")); // warm the caller's token and role
        long status = statements(() -> l.statuses(l.teacher.gql(), l.alice));
        long nested = statements(() -> l.teacher.gql().ok("query($c: ID!, $u: ID!) { course(id: $c) { activities {"
                + " completion(userId: $u) { state conditions { status } } } } }", "c", l.course, "u", l.bob.id()));
        assertEquals(activities, l.statuses(l.teacher.gql(), l.alice).getList("statuses").size());
        return status * 1000 + nested;
    }

    /** The cache never serves a state older than the last committed write. */
    @Test
    void cachedStatusesFollowEveryWrite() {
        Learning l = new Learning();
        String assign = l.activity("assign", "{tracking: AUTOMATIC, requireView: true, requireGrade: true, gradePass: 50}");
        assertEquals("INCOMPLETE", l.view(l.alice, assign).getString("state"));
        assertEquals(List.of("COMPLETE", "INCOMPLETE"), l.completion(l.alice, assign).getList("conditions.status"));
        l.grade(assign, l.alice, 60.0);
        assertEquals(List.of("COMPLETE", "COMPLETE_PASS"), l.completion(l.alice, assign).getList("conditions.status"));
        l.grade(assign, l.alice, 65.0); // same state: no record change, new facts
        assertEquals("COMPLETE_PASS", l.view(l.alice, assign).getString("state"));
        assertTrue(l.completion(l.alice, assign).getBoolean("isTrackedUser"));
        Gql.admin().ok("mutation($c: ID!, $u: ID!) { enrol(courseId: $c, userId: $u, role: TEACHER) { role } }",
                "c", l.course, "u", l.alice.id());
        assertFalse(l.completion(l.alice, assign).getBoolean("isTrackedUser"), "a role change reaches the cache");
        Gql.admin().ok("mutation($c: ID!) { updateCourse(id: $c, enableCompletion: false) { id } }", "c", l.course);
        assertEquals("NONE", l.completion(l.alice, assign).getString("tracking"), "the course switch reaches the cache");
        Gql.admin().ok("mutation($a: ID!) { deleteActivity(activityId: $a) }", "a", assign);
        assertEquals("NOT_FOUND", l.alice.gql().errorCode("mutation($a: ID!) { recordView(activityId: $a) { state } }",
                "a", assign), "a deleted activity is gone from every cache");
    }

    static final String LINES = "query($c: ID!) { courseCompletionReport(courseId: $c, first: 10) {"
            + " rows { user { id } completions { activityId state } } } }";

    /** Each user's states as the teacher's report shows them: user id → activity id → state. */
    static Map<String, Map<String, String>> report(Learning l) {
        Map<String, Map<String, String>> states = new HashMap<>();
        List<Map<String, Object>> rows = l.teacher.gql().ok(LINES, "c", l.course).getList("courseCompletionReport.rows");
        for (Map<String, Object> row : rows) {
            Map<String, String> line = new LinkedHashMap<>();
            for (Object cell : (List<?>) row.get("completions")) {
                Map<?, ?> completion = (Map<?, ?>) cell;
                line.put((String) completion.get("activityId"), (String) completion.get("state"));
            }
            states.put((String) ((Map<?, ?>) row.get("user")).get("id"), line);
        }
        return states;
    }

    static final String ROSTER = "query($c: ID!) { courseCompletionReport(courseId: $c, first: 50) { rows { user { id } } }"
            + " course(id: $c) { enrolments { user { id } role } } }";

    /** The report's students and the course's enrolments (user id → role), read together. */
    static Map<String, Object> roster(Learning l) {
        JsonPath both = l.teacher.gql().ok(ROSTER, "c", l.course);
        Map<String, Object> roster = new HashMap<>();
        roster.put("students", both.getList("courseCompletionReport.rows.user.id"));
        Map<String, String> roles = new HashMap<>();
        List<Map<String, Object>> enrolments = both.getList("course.enrolments");
        enrolments.forEach(e -> roles.put((String) ((Map<?, ?>) e.get("user")).get("id"), (String) e.get("role")));
        roster.put("roles", roles);
        return roster;
    }

    /** The course's cached roster (the report's pages, the enrolment list) follows every enrolment change. */
    @Test
    void reportAndEnrolmentsFollowEnrolmentChanges() {
        Learning l = new Learning();
        l.activity("page", "{tracking: AUTOMATIC, requireView: true}");
        assertEquals(List.of(l.alice.id(), l.bob.id()), roster(l).get("students"));
        assertEquals(0, statements(() -> l.teacher.gql().ok(LINES, "c", l.course)), "warm: the report page from the caches");

        Person carol = Fixtures.person("carol");
        Fixtures.enrol(l.course, carol.id(), "STUDENT");
        assertEquals(List.of(l.alice.id(), l.bob.id(), carol.id()), roster(l).get("students"), "enrolled");
        Fixtures.enrol(l.course, l.bob.id(), "TEACHER");
        Map<String, Object> after = roster(l);
        assertEquals(List.of(l.alice.id(), carol.id()), after.get("students"), "no longer a student");
        assertEquals("TEACHER", ((Map<?, ?>) after.get("roles")).get(l.bob.id()));
        assertTrue(Gql.admin().ok("mutation($c: ID!, $u: ID!) { unenrol(courseId: $c, userId: $u) }", "c", l.course,
                "u", l.alice.id()).getBoolean("unenrol"));
        after = roster(l);
        assertEquals(List.of(carol.id()), after.get("students"), "unenrolled");
        assertFalse(((Map<?, ?>) after.get("roles")).containsKey(l.alice.id()));
    }

    /** Enrolments racing report pages: once the enrolments have returned, the next page shows every one. */
    @Test
    void enrolmentsRacingReportPages() throws Exception {
        Learning l = new Learning();
        l.activity("page", "{tracking: AUTOMATIC, requireView: true}");
        List<Person> students = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            students.add(Fixtures.person("racer"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Object>> tasks = new ArrayList<>();
            for (int i = 0; i < students.size(); i++) {
                Person student = students.get(i);
                tasks.add(() -> {
                    Fixtures.enrol(l.course, student.id(), "STUDENT");
                    return null;
                });
                tasks.add(() -> roster(l));
            }
            for (Future<Object> result : pool.invokeAll(tasks)) {
                result.get();
            }
        } finally {
            pool.shutdown();
        }
        List<String> expected = new ArrayList<>(List.of(l.alice.id(), l.bob.id()));
        students.forEach(s -> expected.add(s.id()));
        assertEquals(expected, roster(l).get("students"));
    }

    /** A student's own states from the status query: activity id → state. */
    static Map<String, String> own(Learning l, Person student) {
        Map<String, String> line = new LinkedHashMap<>();
        List<Map<String, Object>> statuses = l.statuses(student.gql(), student).getList("statuses");
        statuses.forEach(s -> line.put(String.valueOf(s.get("activityId")), (String) s.get("state")));
        return line;
    }

    /**
     * The cached lines of the status query and the report (a row per course and user) follow every
     * write, whichever of the two read a line first, with an activity only the teacher sees.
     */
    @Test
    void cachedLinesFollowEveryWrite() {
        Learning l = new Learning();
        String page = l.activity("page", "{tracking: AUTOMATIC, requireView: true}");
        String assign = l.activity("assign", "{tracking: AUTOMATIC, requireGrade: true, gradePass: 50}");
        String label = l.activity("label", "{tracking: MANUAL}");
        String hidden = Gql.admin().ok("mutation($c: ID!) { createActivity(courseId: $c, modName: \"page\", name: \"Later\","
                + " visible: false, completion: {tracking: AUTOMATIC, requireView: true}) { id } }", "c", l.course)
                .getString("createActivity.id");
        report(l); // alice's row is made from the teacher's list
        own(l, l.bob); // bob's from his own
        for (Person student : List.of(l.alice, l.bob)) {
            assertEquals(List.of(page, assign, label), List.copyOf(own(l, student).keySet()), "students do not see the hidden one");
            assertEquals(List.of(page, assign, label, hidden), List.copyOf(report(l).get(student.id()).keySet()));
        }
        for (Person student : List.of(l.alice, l.bob)) {
            String id = student.id();
            l.view(student, page);
            assertEquals("COMPLETE", own(l, student).get(page));
            assertEquals("COMPLETE", report(l).get(id).get(page));
            l.grade(assign, student, 70.0);
            assertEquals("COMPLETE_PASS", report(l).get(id).get(assign));
            assertEquals("COMPLETE_PASS", own(l, student).get(assign));
            l.grade(assign, student, 10.0);
            assertEquals("COMPLETE_FAIL", own(l, student).get(assign));
            assertEquals("COMPLETE_FAIL", report(l).get(id).get(assign));
            l.tick(student, label, true);
            assertEquals("COMPLETE", report(l).get(id).get(label));
            assertEquals("COMPLETE", own(l, student).get(label));
            l.tick(student, label, false);
            assertEquals("INCOMPLETE", own(l, student).get(label));
            assertEquals("INCOMPLETE", report(l).get(id).get(label));
        }
        String added = l.activity("page", "{tracking: AUTOMATIC, requireView: true}");
        assertEquals("INCOMPLETE", own(l, l.alice).get(added), "a new activity reaches the cached lines");
        assertEquals("INCOMPLETE", report(l).get(l.bob.id()).get(added));
        l.view(l.alice, added);
        assertEquals("COMPLETE", report(l).get(l.alice.id()).get(added));
        assertEquals("COMPLETE", own(l, l.alice).get(added));
        l.tick(l.bob, label, true); // drops bob's row; his own query makes it again, the report made alice's
        assertEquals("COMPLETE", own(l, l.bob).get(page));
        assertEquals("COMPLETE", report(l).get(l.alice.id()).get(page));
        Gql.admin().ok(String.format(UPDATE, "{tracking: MANUAL}"), "a", page, "u", true);
        assertEquals("INCOMPLETE", report(l).get(l.alice.id()).get(page), "a recalculation reaches the cached lines");
        assertEquals("INCOMPLETE", own(l, l.bob).get(page));
        assertEquals("INCOMPLETE", own(l, l.alice).get(page));
        assertEquals("INCOMPLETE", report(l).get(l.bob.id()).get(page));
        // alice's row is the report's, which lists the hidden activity as a teacher's own query does
        Gql.admin().ok("mutation($c: ID!, $u: ID!) { enrol(courseId: $c, userId: $u, role: TEACHER) { role } }",
                "c", l.course, "u", l.alice.id());
        assertEquals(Set.of(l.bob.id()), report(l).keySet(), "a role change reaches the report");
        JsonPath asTeacher = l.statuses(l.alice.gql(), l.alice);
        assertEquals(List.of(page, assign, label, hidden, added), asTeacher.getList("statuses.activityId"));
        assertEquals(List.of(false, false, false, false, false), asTeacher.getList("statuses.isTrackedUser"),
                "and her cached line");
    }

    /** 32 parallel events for one user and activity leave one row and the state a recalculation gives. */
    @Test
    void parallelEventsForOneUserAndActivity() throws Exception {
        Learning l = new Learning();
        String assign = l.activity("assign", "{tracking: AUTOMATIC, requireView: true, requireGrade: true, gradePass: 50}");
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Callable<String>> tasks = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                int n = i;
                tasks.add(() -> switch (n % 4) {
                    case 0 -> l.view(l.alice, assign).getString("state");
                    case 1 -> l.grade(assign, l.alice, (double) (n * 3 % 100)).getString("state");
                    case 2 -> l.grade(assign, l.alice, n % 8 == 2 ? null : 90.0).getString("state");
                    default -> l.completion(l.alice, assign).getString("state");
                });
            }
            for (Future<String> result : pool.invokeAll(tasks)) {
                result.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(1, Db.count(dataSource, "select count(*) from completion where activity_id = " + assign));
        Person editor = Fixtures.enrolled(l.course, "EDITING_TEACHER");
        assertEquals(0, editor.gql().ok(String.format(PREVIEW, "{tracking: AUTOMATIC, requireView: true, requireGrade: true,"
                + " gradePass: 50}"), "a", assign).getInt("previewCompletionSettings.stateChanges"),
                "the stored state is what a fresh recalculation gives");
        String stored = Db.count(dataSource, "select state from completion where activity_id = " + assign) + "";
        assertEquals(stored, "" + CompletionState.valueOf(l.state(l.alice, assign)).moodleValue(),
                "the cache agrees with the database");
    }

    /** Events racing a settings change end as a recalculation under the new settings would leave them. */
    @Test
    void eventsRacingASettingsChange() throws Exception {
        Learning l = new Learning();
        Person editor = Fixtures.enrolled(l.course, "EDITING_TEACHER");
        List<Person> students = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            students.add(Fixtures.enrolled(l.course, "STUDENT"));
        }
        String assign = l.activity("assign", "{tracking: AUTOMATIC, requireView: true, requireGrade: true}");
        String after = "{tracking: AUTOMATIC, requireView: true}";
        ExecutorService pool = Executors.newFixedThreadPool(13);
        try {
            List<Callable<Object>> tasks = new ArrayList<>();
            students.forEach(s -> tasks.add(() -> l.view(s, assign)));
            tasks.add(() -> editor.gql().ok(String.format(UPDATE, after), "a", assign, "u", true));
            for (Future<Object> result : pool.invokeAll(tasks)) {
                result.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(0, editor.gql().ok(String.format(PREVIEW, after), "a", assign)
                .getInt("previewCompletionSettings.stateChanges"));
        for (Person s : students) {
            assertEquals("COMPLETE", l.state(s, assign), "every view counts under the new settings");
        }
    }
}

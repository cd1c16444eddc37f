package org.activitycompletion.completion;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

/**
 * The statement budgets of the hot reads and of the write paths (issue: bounded SQL): every
 * statement that reaches PostgreSQL through JDBC counts ({@link Db#statements}), whoever runs
 * it. Each path measures exactly its budget, so a path that gains or loses a statement fails
 * here and its budget is changed on purpose.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class PerformanceBudgetTest {

    /** Reads: the caller's token and role and the course's activity list are cached, the statuses are not. */
    static final Map<String, Long> READ_BUDGETS = Map.of(
            "status query, cold", 2L,
            "status query, warm", 0L,
            "nested query, cold", 3L);

    /** A report page with nothing cached but the caller, the activity list and the roster, whatever its number of rows. */
    static final long REPORT_PAGE_BUDGET = 2;

    /**
     * Writes that change one record, and a settings change that recalculates every student's record.
     * Each includes its one insert into change_log, which tells the other instances (feed/ChangeFeed).
     */
    static final Map<String, Long> WRITE_BUDGETS = Map.of(
            "first view", 4L,
            "repeat view", 0L,
            "grade", 7L,
            "manual tick", 5L,
            "forum discussion", 8L,
            "override", 5L,
            "settings change, 3 students", 10L);

    @Inject
    DataSource dataSource;

    long statements(Runnable action) {
        return Db.statements(action);
    }

    void sql(String statement) {
        Db.execute(dataSource, statement);
    }

    /** A course of n activities (a third pages, a third graded assignments, a third forums with a rule), made in SQL. */
    Learning course(int n) {
        Learning l = new Learning();
        sql("insert into activity (course_id, mod_name, name, sort_order, tracking, require_view, require_grade, grade_pass,"
                + " grade_max) select " + l.course + ", (array['page','assign','forum'])[g % 3 + 1], 'A' || g, g, 2,"
                + " g % 3 <> 1, g % 3 = 1, case when g % 3 = 1 then 50 end, case when g % 3 = 1 then 100 end"
                + " from generate_series(1, " + n + ") g");
        sql("insert into activity_rule (activity_id, name, value) select id, 'completionposts', 1 from activity"
                + " where course_id = " + l.course + " and mod_name = 'forum'");
        return l;
    }

    static final String STATUS = "query($c: ID!, $u: ID!) { activitiesCompletionStatus(courseId: $c, userId: $u) {"
            + " statuses { state conditions { status } } } }";
    static final String NESTED = "query($c: ID!, $u: ID!) { course(id: $c) { activities { id completion(userId: $u) {"
            + " state conditions { status } } } } }";
    static final String REPORT = "query($c: ID!, $n: Int!, $a: String) { courseCompletionReport(courseId: $c, first: $n,"
            + " after: $a) { activities { id } rows { user { id } progress completions { state } } endCursor hasNextPage } }";

    @Test
    void statusQueryAndNestedQueryFor5And500Activities() {
        for (int n : new int[] {5, 500}) {
            Learning l = course(n);
            Map<String, Long> measured = new HashMap<>();
            // Warm the caller's token and role, alice's role and the course's activity list (not her statuses).
            l.statuses(l.teacher.gql(), l.bob);
            l.alice.gql().ok("query($c: ID!) { course(id: $c) { id } }", "c", l.course);
            measured.put("status query, cold", statements(() -> l.statuses(l.teacher.gql(), l.alice)));
            assertEquals(n, l.statuses(l.teacher.gql(), l.alice).getList("statuses").size());
            measured.put("status query, warm", statements(() -> l.statuses(l.teacher.gql(), l.alice)));
            Person carol = Fixtures.enrolled(l.course, "STUDENT");
            l.statuses(l.teacher.gql(), carol);
            Person dave = Fixtures.enrolled(l.course, "STUDENT");
            dave.gql().ok("query($c: ID!) { course(id: $c) { id } }", "c", l.course);
            measured.put("nested query, cold", statements(() -> l.teacher.gql().ok(NESTED, "c", l.course, "u", dave.id())));
            assertEquals(READ_BUDGETS, measured, n + " activities");
        }
    }

    /** Each write path, with the caller, the roles and the activities cached. */
    @Test
    void writePathsHaveBudgets() {
        Learning l = new Learning();
        String page = l.activity("page", "{tracking: AUTOMATIC, requireView: true}");
        String assign = l.activity("assign", "{tracking: AUTOMATIC, requireGrade: true, gradePass: 50}");
        String label = l.activity("label", "{tracking: MANUAL}");
        String forum = l.activity("forum", "{tracking: AUTOMATIC, customRules: [{name: \"completionposts\", value: 1}]}");
        Person carol = Fixtures.enrolled(l.course, "STUDENT");
        l.view(l.bob, page);
        l.view(carol, page);
        for (Person caller : List.of(l.alice, l.teacher)) {
            l.statuses(caller.gql(), l.alice); // token, role, activities
        }
        Gql.admin().ok("query($a: ID!) { activity(id: $a) { id } }", "a", page);
        Map<String, Long> measured = new HashMap<>();
        measured.put("first view", statements(() -> assertEquals("COMPLETE", l.view(l.alice, page).getString("state"))));
        measured.put("repeat view", statements(() -> assertEquals("COMPLETE", l.view(l.alice, page).getString("state"))));
        measured.put("grade", statements(() -> assertEquals("COMPLETE_PASS", l.grade(assign, l.alice, 60.0).getString("state"))));
        measured.put("manual tick", statements(() -> assertEquals("COMPLETE", l.tick(l.alice, label, true).getString("state"))));
        measured.put("forum discussion", statements(() -> l.discussion(l.alice, forum)));
        measured.put("override", statements(() -> assertEquals("INCOMPLETE",
                l.override(l.alice, assign, "INCOMPLETE").getString("state"))));
        measured.put("settings change, 3 students", statements(() -> Gql.admin().ok("mutation($a: ID!) {"
                + " updateCompletionSettings(activityId: $a, unlock: true, completion: {tracking: MANUAL}) {"
                + " completionSettings { locked } } }", "a", page)));
        assertEquals(WRITE_BUDGETS, measured);
        assertEquals("COMPLETE", l.state(l.alice, forum), "the discussion completed the forum");
        assertEquals(3, Db.count(dataSource, "select count(*) from completion_history where activity_id = " + page
                + " and old_state = 1 and new_state = 0"), "the settings change reset the 3 students' views");
    }

    @Test
    void reportPagesCostTheSameWhateverTheirSize() {
        Learning l = course(50);
        for (int i = 0; i < 8; i++) {
            Fixtures.enrolled(l.course, "STUDENT");
        }
        l.teacher.gql().ok(REPORT, "c", l.course, "n", 1, "a", null); // warm token, role, activity list, roster
        for (int size : new int[] {1, 3, 10}) {
            cacheCold(l);
            JsonPath[] page = new JsonPath[1];
            long cost = statements(() -> page[0] = l.teacher.gql().ok(REPORT, "c", l.course, "n", size, "a", null));
            assertEquals(size, page[0].getList("courseCompletionReport.rows").size());
            assertEquals(REPORT_PAGE_BUDGET, cost, "page of " + size + " rows, cold");
        }
        // Paging walks every student once, in id order.
        String after = null;
        int seen = 0;
        boolean more = true;
        while (more) {
            JsonPath page = l.teacher.gql().ok(REPORT, "c", l.course, "n", 4, "a", after)
                    .setRootPath("data.courseCompletionReport");
            seen += page.getList("rows").size();
            more = page.getBoolean("hasNextPage");
            after = page.getString("endCursor");
            assertEquals(50, page.getList("activities").size());
            assertEquals(50, page.getList("rows[0].completions").size());
        }
        assertEquals(10, seen, "alice, bob and 8 more students; the teacher is not tracked");
        l.view(l.alice, firstPage(l));
        JsonPath first = l.teacher.gql().ok(REPORT, "c", l.course, "n", 1, "a", null).setRootPath("data.courseCompletionReport");
        assertEquals(l.alice.id(), first.getString("rows[0].user.id"));
        assertEquals(2.0f, first.getFloat("rows[0].progress"), 0.001f, "1 of 50 activities done");
        assertEquals("FORBIDDEN", l.alice.gql().errorCode(REPORT, "c", l.course, "n", 5, "a", null));
        assertEquals("INVALID_ARGUMENT", l.teacher.gql().errorCode(REPORT, "c", l.course, "n", 501, "a", null));
        assertEquals("INVALID_ARGUMENT", l.teacher.gql().errorCode(REPORT, "c", l.course, "n", 5, "a", "bogus"));
        assertNull(Gql.admin().ok(REPORT, "c", Fixtures.course(true), "n", 5, "a", null)
                .get("courseCompletionReport.endCursor"), "an empty page has no cursor");
    }

    /** The id of the course's first page activity. */
    String firstPage(Learning l) {
        JsonPath activities = Gql.admin().ok("query($c: ID!) { course(id: $c) { activities { id modName } } }", "c", l.course);
        return activities.getString("course.activities.find { it.modName == 'page' }.id");
    }

    /** Drops every cached status (a course switch change does), then re-warms only the activity list. */
    void cacheCold(Learning l) {
        Gql.admin().ok("mutation($c: ID!) { updateCourse(id: $c, enableCompletion: false) { id } }", "c", l.course);
        Gql.admin().ok("mutation($c: ID!) { updateCourse(id: $c, enableCompletion: true) { id } }", "c", l.course);
        l.statuses(l.teacher.gql(), l.bob); // re-warm the activity list only
    }

    /**
     * Known misses, then known hits, move their own counters at /q/metrics: a status query reads
     * the user's row (completion-row), and a missing row from the statuses (completion-status).
     * Every cache exposes both counters.
     */
    @Test
    void cachesAreObservable() {
        Learning l = course(3);
        String page = firstPage(l);
        l.statuses(l.teacher.gql(), l.bob); // warms the caller's token and role and the activity list, not alice's statuses
        Map<String, Double> before = cacheGets();
        l.statuses(l.teacher.gql(), l.alice);
        Map<String, Double> moved = moved(before);
        assertEquals(Set.of("completion-row miss", "completion-status miss"), moved.keySet(), "cold, nothing hit: " + moved);
        assertEquals(3.0, moved.get("completion-status miss").doubleValue(), "cold: alice's 3 statuses are missing");
        before = cacheGets();
        l.statuses(l.teacher.gql(), l.alice);
        moved = moved(before);
        assertEquals(Set.of("completion-row hit"), moved.keySet(), "warm: her row is cached, nothing missed: " + moved);
        l.view(l.alice, page); // stores the page's new status and drops her row
        before = cacheGets();
        l.statuses(l.teacher.gql(), l.alice);
        moved = moved(before);
        assertEquals(Set.of("completion-row miss", "completion-status hit"), moved.keySet(), "row made again: " + moved);
        assertEquals(3.0, moved.get("completion-status hit").doubleValue(), "her row is made again from her 3 cached statuses");
        for (String cache : List.of("completion-status", "completion-row", "activity", "course-activities", "enrolment",
                "course-roster", "token")) {
            for (String result : List.of("hit", "miss")) {
                assertTrue(before.containsKey(cache + " " + result), cache + " " + result + " in " + before.keySet());
            }
        }
        assertTrue(given().get("/q/metrics").asString().contains("cache_size{cache=\"completion-status\"}"), "sizes are exposed");
    }

    static final Pattern CACHE_GETS = Pattern.compile("cache_gets_total\\{(.*)\\} (\\S+)");
    static final Pattern TAG = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    /** Every {@code cache_gets_total} at /q/metrics, by "cache result" (e.g. "token hit"). */
    static Map<String, Double> cacheGets() {
        Map<String, Double> gets = new TreeMap<>();
        given().get("/q/metrics").then().statusCode(200).extract().asString().lines().forEach(line -> {
            Matcher m = CACHE_GETS.matcher(line);
            if (m.matches()) {
                Map<String, String> tags = new HashMap<>();
                Matcher tag = TAG.matcher(m.group(1));
                while (tag.find()) {
                    tags.put(tag.group(1), tag.group(2));
                }
                gets.put(tags.get("cache") + " " + tags.get("result"), Double.parseDouble(m.group(2)));
            }
        });
        return gets;
    }

    /** The counters of the two status caches that moved since {@code before}, by how much. */
    static Map<String, Double> moved(Map<String, Double> before) {
        Map<String, Double> moved = new TreeMap<>();
        cacheGets().forEach((key, value) -> {
            double delta = value - before.getOrDefault(key, 0.0);
            if (delta != 0 && key.startsWith("completion-")) {
                moved.put(key, delta);
            }
        });
        return moved;
    }
}

package org.activitycompletion.completion;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.activitycompletion.support.Db;
import org.activitycompletion.support.EmbeddedPostgresResource;
import org.activitycompletion.support.Fixtures;
import org.activitycompletion.support.Fixtures.Person;
import org.activitycompletion.support.Gql;
import org.junit.jupiter.api.Test;

/** The statement budgets of the hot reads (issue: bounded SQL), asserted with Hibernate statistics. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class PerformanceBudgetTest {

    @Inject
    DataSource dataSource;

    @Inject
    EntityManagerFactory entityManagerFactory;

    long statements(Runnable action) {
        return Db.statements(entityManagerFactory, action);
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
            // Warm the caller's token and role, alice's role and the course's activity list (not her statuses).
            l.statuses(l.teacher.gql(), l.bob);
            l.alice.gql().ok("query($c: ID!) { course(id: $c) { id } }", "c", l.course);
            long status = statements(() -> l.statuses(l.teacher.gql(), l.alice));
            assertTrue(status <= 2, n + " activities, status query: " + status);
            assertEquals(n, l.statuses(l.teacher.gql(), l.alice).getList("statuses").size());
            assertEquals(0, statements(() -> l.statuses(l.teacher.gql(), l.alice)), "warm: from the cache");
            Person carol = Fixtures.enrolled(l.course, "STUDENT");
            l.statuses(l.teacher.gql(), carol);
            Person dave = Fixtures.enrolled(l.course, "STUDENT");
            dave.gql().ok("query($c: ID!) { course(id: $c) { id } }", "c", l.course);
            long nested = statements(() -> l.teacher.gql().ok(NESTED, "c", l.course, "u", dave.id()));
            assertTrue(nested <= 3, n + " activities, nested query: " + nested);
        }
    }

    @Test
    void reportPagesCostTheSameWhateverTheirSize() {
        Learning l = course(50);
        for (int i = 0; i < 8; i++) {
            Fixtures.enrolled(l.course, "STUDENT");
        }
        l.statuses(l.teacher.gql(), l.alice); // warm token, role, activity list
        for (int size : new int[] {1, 3, 10}) {
            cacheCold(l);
            long page = statements(() -> l.teacher.gql().ok(REPORT, "c", l.course, "n", size, "a", null));
            assertTrue(page <= 5, "page of " + size + ": " + page + " statements");
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

    @Test
    void cachesAreObservable() {
        Learning l = course(3);
        l.statuses(l.alice.gql(), l.alice);
        l.teacher.gql().ok(REPORT, "c", l.course, "n", 5, "a", null);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String cache : List.of("completion-status", "completion-row", "activity", "course-activities", "enrolment",
                "course-roster", "token")) {
            assertTrue(metrics.contains("cache_gets_total{cache=\"" + cache + "\",result=\"hit\"}")
                    || metrics.contains("cache=\"" + cache + "\""), cache + " in\n" + metrics.lines()
                            .filter(x -> x.startsWith("cache")).toList());
        }
        assertTrue(metrics.contains("cache_size{cache=\"completion-status\"}"), "sizes are exposed");
        assertFalse(metrics.isEmpty());
    }
}

package org.activitycompletion.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.activitycompletion.support.EmbeddedPostgresResource;
import org.activitycompletion.support.Fixtures;
import org.activitycompletion.support.Fixtures.Person;
import org.activitycompletion.support.Gql;
import org.junit.jupiter.api.Test;

/**
 * Every operation checks in Moodle's order: the course or activity exists (NOT_FOUND, Moodle's
 * {@code invalidrecord}), then the caller may do it (FORBIDDEN, or NOT_FOUND for a course the caller
 * cannot see), then the user acted on is enrolled (NOT_ENROLLED). Through GraphQL and the Moodle
 * endpoint alike.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class CheckOrderTest {

    private static final String ABSENT = "987654321";

    private static final String STATUS = "query($c: ID!, $u: ID!) { activitiesCompletionStatus(courseId: $c, userId: $u)"
            + " { statuses { state } } }";
    private static final String REPORT = "query($c: ID!) { courseCompletionReport(courseId: $c) { hasNextPage } }";
    private static final String COURSE = "query($c: ID!) { course(id: $c) { id } }";
    private static final String UPDATE_COURSE = "mutation($c: ID!) { updateCourse(id: $c, fullName: \"X\") { id } }";
    private static final String ENROL = "mutation($c: ID!, $u: ID!) { enrol(courseId: $c, userId: $u, role: STUDENT) { role } }";
    private static final String UNENROL = "mutation($c: ID!, $u: ID!) { unenrol(courseId: $c, userId: $u) }";
    private static final String CREATE_ACTIVITY = "mutation($c: ID!) { createActivity(courseId: $c, modName: \"page\","
            + " name: \"P\", completion: {tracking: MANUAL}) { id } }";

    /** The seed's case: a course that does not exist, asked by a site admin, was NOT_ENROLLED. */
    @Test
    void anAbsentCourseIsNotFoundBeforeAnythingElse() {
        String course = Fixtures.course(true);
        Person student = Fixtures.enrolled(course, "STUDENT");
        Person teacher = Fixtures.enrolled(course, "EDITING_TEACHER");
        Person stranger = Fixtures.person("stranger");
        String admin = Gql.admin().ok("{ me { id } }").getString("me.id");
        for (Person caller : new Person[] {null, student, teacher, stranger}) {
            Gql gql = caller == null ? Gql.admin() : caller.gql();
            String who = caller == null ? "site admin" : caller.username();
            String self = caller == null ? admin : caller.id();
            assertEquals("NOT_FOUND", gql.errorCode(STATUS, "c", ABSENT, "u", student.id()), who + ": status of another");
            assertEquals("NOT_FOUND", gql.errorCode(STATUS, "c", ABSENT, "u", self), who + ": own status");
            assertEquals("NOT_FOUND", gql.errorCode(REPORT, "c", ABSENT), who + ": report");
            assertEquals("NOT_FOUND", gql.errorCode(COURSE, "c", ABSENT), who + ": course");
            assertEquals("NOT_FOUND", gql.errorCode(UPDATE_COURSE, "c", ABSENT), who + ": updateCourse");
            assertEquals("NOT_FOUND", gql.errorCode(ENROL, "c", ABSENT, "u", student.id()), who + ": enrol");
            assertEquals("NOT_FOUND", gql.errorCode(UNENROL, "c", ABSENT, "u", student.id()), who + ": unenrol");
            assertEquals("NOT_FOUND", gql.errorCode(CREATE_ACTIVITY, "c", ABSENT), who + ": createActivity");

            String token = caller == null ? Fixtures.ADMIN : caller.token();
            assertEquals("invalidrecord", moodle(token, "core_completion_get_activities_completion_status",
                    "courseid", ABSENT, "userid", student.id()), who + ": WS status");
            assertEquals("invalidrecord", moodle(token, "core_completion_get_activities_completion_status",
                    "courseid", ABSENT, "userid", self), who + ": WS own status");
        }
    }

    /** Once the course exists: the permission, then the enrolment of the user acted on. */
    @Test
    void permissionComesBeforeEnrolment() {
        String course = Fixtures.course(true);
        Person student = Fixtures.enrolled(course, "STUDENT");
        Person teacher = Fixtures.enrolled(course, "TEACHER");
        Person outsider = Fixtures.person("outsider"); // exists, enrolled nowhere
        String assign = Fixtures.activity(course, "assign", "{tracking: AUTOMATIC, requireGrade: true}");
        String grade = "mutation($a: ID!, $u: ID!) { setGrade(activityId: $a, userId: $u, grade: 50) { state } }";

        assertEquals("FORBIDDEN", student.gql().errorCode(STATUS, "c", course, "u", outsider.id()));
        assertEquals("NOT_ENROLLED", teacher.gql().errorCode(STATUS, "c", course, "u", outsider.id()));
        assertEquals("NOT_ENROLLED", Gql.admin().errorCode(STATUS, "c", course, "u", outsider.id()));
        assertEquals("NOT_FOUND", outsider.gql().errorCode(STATUS, "c", course, "u", student.id()),
                "a course the caller cannot see is not revealed");
        assertEquals("FORBIDDEN", outsider.gql().errorCode(CREATE_ACTIVITY, "c", course),
                "changes to a course the caller is not in are forbidden");
        assertEquals("FORBIDDEN", student.gql().errorCode(grade, "a", assign, "u", outsider.id()));
        assertEquals("NOT_ENROLLED", teacher.gql().errorCode(grade, "a", assign, "u", outsider.id()));

        assertEquals("nopermissions", moodle(student.token(), "core_completion_get_activities_completion_status",
                "courseid", course, "userid", outsider.id()));
        assertEquals("requireloginerror", moodle(teacher.token(), "core_completion_get_activities_completion_status",
                "courseid", course, "userid", outsider.id()));
        assertEquals("nopermissions", moodle(student.token(), "core_completion_override_activity_completion_status",
                "cmid", assign, "userid", outsider.id(), "newstate", "1"));
        assertEquals("requireloginerror", moodle(teacher.token(), "core_completion_override_activity_completion_status",
                "cmid", assign, "userid", outsider.id(), "newstate", "1"));
    }

    /** An activity that does not exist is NOT_FOUND whoever asks and for whomever. */
    @Test
    void anAbsentActivityIsNotFoundBeforeAnythingElse() {
        String course = Fixtures.course(true);
        Person student = Fixtures.enrolled(course, "STUDENT");
        Person outsider = Fixtures.person("outsider");
        String[] documents = {
            "mutation($a: ID!, $u: ID) { recordView(activityId: $a, userId: $u) { state } }",
            "mutation($a: ID!, $u: ID!) { setGrade(activityId: $a, userId: $u, grade: 1) { state } }",
            "mutation($a: ID!, $u: ID) { setManualCompletion(activityId: $a, completed: true, userId: $u) { state } }",
            "mutation($a: ID!, $u: ID!) { overrideCompletion(activityId: $a, userId: $u, state: COMPLETE) { state } }",
            "mutation($a: ID!, $u: ID) { addForumDiscussion(activityId: $a, subject: \"s\", message: \"m\", userId: $u) { id } }",
            "query($a: ID!, $u: ID!) { completionHistory(activityId: $a, userId: $u) { newState } }",
        };
        for (Person caller : new Person[] {null, student, outsider}) {
            Gql gql = caller == null ? Gql.admin() : caller.gql();
            for (String document : documents) {
                assertEquals("NOT_FOUND", gql.errorCode(document, "a", ABSENT, "u", outsider.id()), document);
            }
            assertEquals("NOT_FOUND", gql.errorCode("query($a: ID!) { activity(id: $a) { id } }", "a", ABSENT));
            assertEquals("NOT_FOUND", gql.errorCode("mutation($a: ID!) { deleteActivity(activityId: $a) }", "a", ABSENT));
            assertEquals("NOT_FOUND", gql.errorCode("mutation($a: ID!) { updateCompletionSettings(activityId: $a,"
                    + " completion: {tracking: MANUAL}) { id } }", "a", ABSENT));
            String token = caller == null ? Fixtures.ADMIN : caller.token();
            assertEquals("invalidrecord", moodle(token, "core_completion_update_activity_completion_status_manually",
                    "cmid", ABSENT, "completed", "1"));
            assertEquals("invalidrecord", moodle(token, "core_completion_override_activity_completion_status",
                    "cmid", ABSENT, "userid", outsider.id(), "newstate", "1"));
            assertEquals("invalidrecord", moodle(token, "mod_page_view_page", "pageid", ABSENT));
        }
    }

    /** The Moodle endpoint's error code for the call, or "none" when it succeeded. */
    private static String moodle(String token, String function, String... args) {
        Map<String, Object> params = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            params.put(args[i], args[i + 1]);
        }
        params.put("wstoken", token);
        params.put("wsfunction", function);
        params.put("moodlewsrestformat", "json");
        String code = given().formParams(params).post("/webservice/rest/server.php").then().statusCode(200)
                .extract().jsonPath().getString("errorcode");
        return code == null ? "none" : code;
    }
}

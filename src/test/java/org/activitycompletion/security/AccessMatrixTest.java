package org.activitycompletion.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.activitycompletion.support.EmbeddedPostgresResource;
import org.activitycompletion.support.Fixtures;
import org.activitycompletion.support.Fixtures.Person;
import org.activitycompletion.support.Gql;
import org.junit.jupiter.api.Test;

/**
 * Every role × operation pair of the contract's authorization rules, through GraphQL and the
 * Moodle endpoint: allowed ("ok") or denied with the contract's (or Moodle's) code.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class AccessMatrixTest {

    static final String OK = "ok";
    static final List<String> ROLES = List.of("student", "teacher", "editingTeacher", "manager", "otherCourseTeacher",
            "unenrolled", "siteAdmin", "noToken", "badToken", "revokedToken");

    String course;
    String otherCourse;
    String visibleActivity;
    String hiddenActivity;
    Person student;
    Person otherStudent;
    final Map<String, Gql> callers = new LinkedHashMap<>();
    final Map<String, String> tokensByRole = new LinkedHashMap<>();

    /** Built inside the test: RestAssured knows the test port only once a test method runs. */
    void world() {
        course = Fixtures.course(true);
        otherCourse = Fixtures.course(true);
        student = Fixtures.enrolled(course, "STUDENT");
        otherStudent = Fixtures.enrolled(course, "STUDENT");
        callers.put("student", student.gql());
        for (String[] role : new String[][] {{"teacher", "TEACHER"}, {"editingTeacher", "EDITING_TEACHER"},
            {"manager", "MANAGER"}, {"otherCourseTeacher", "EDITING_TEACHER"}}) {
            Person person = Fixtures.enrolled(role[0].equals("otherCourseTeacher") ? otherCourse : course, role[1]);
            tokensByRole.put(role[0], person.token());
            callers.put(role[0], person.gql());
        }
        Person former = Fixtures.enrolled(course, "STUDENT");
        Gql.admin().ok("mutation($c: ID!, $u: ID!) { unenrol(courseId: $c, userId: $u) }", "c", course, "u", former.id());
        tokensByRole.put("unenrolled", former.token());
        callers.put("unenrolled", former.gql());
        Person revoked = Fixtures.enrolled(course, "MANAGER");
        revoked.gql().ok("{ me { id } }"); // its identity is cached before the revocation
        Gql.admin().ok("mutation($u: ID!) { revokeTokens(userId: $u) }", "u", revoked.id());
        tokensByRole.put("revokedToken", revoked.token());
        callers.put("siteAdmin", Gql.admin());
        callers.put("noToken", Gql.anonymous());
        callers.put("badToken", Gql.as("not-a-token"));
        callers.put("revokedToken", revoked.gql());
        visibleActivity = Fixtures.activity(course, "page", "{tracking: AUTOMATIC, requireView: true}");
        hiddenActivity = Gql.admin().ok("mutation($c: ID!) { createActivity(courseId: $c, modName: \"page\", name: \"Hidden\","
                + " visible: false, completion: {tracking: MANUAL}) { id } }", "c", course).getString("createActivity.id");
    }

    /** An operation, given the caller, returns "ok" or the error code it got. */
    record Operation(String name, Function<Gql, String> call, Map<String, String> expected) {
    }

    static Map<String, String> expect(String student, String teacher, String editingTeacher, String manager,
            String otherCourseTeacher, String siteAdmin) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("student", student);
        m.put("teacher", teacher);
        m.put("editingTeacher", editingTeacher);
        m.put("manager", manager);
        m.put("otherCourseTeacher", otherCourseTeacher);
        m.put("unenrolled", otherCourseTeacher); // enrolled nowhere here: the same answers
        m.put("siteAdmin", siteAdmin);
        m.put("noToken", "UNAUTHENTICATED");
        m.put("badToken", "UNAUTHENTICATED");
        m.put("revokedToken", "UNAUTHENTICATED");
        return m;
    }

    static String outcome(JsonPath result) {
        String code = result.getString("errors[0].extensions.code");
        return code == null ? OK : code;
    }

    List<Operation> operations() {
        String F = "FORBIDDEN";
        String NF = "NOT_FOUND";
        List<Operation> ops = new ArrayList<>();
        ops.add(new Operation("me", g -> outcome(g.run("{ me { id } }")), expect(OK, OK, OK, OK, OK, OK)));
        ops.add(new Operation("course", g -> outcome(g.run("query($id: ID!) { course(id: $id) { id } }", "id", course)),
                expect(OK, OK, OK, OK, NF, OK)));
        ops.add(new Operation("courses", g -> outcome(g.run("{ courses { id } }")), expect(OK, OK, OK, OK, OK, OK)));
        ops.add(new Operation("activity (visible)",
                g -> outcome(g.run("query($id: ID!) { activity(id: $id) { id } }", "id", visibleActivity)),
                expect(OK, OK, OK, OK, NF, OK)));
        ops.add(new Operation("activity (hidden)",
                g -> outcome(g.run("query($id: ID!) { activity(id: $id) { id } }", "id", hiddenActivity)),
                expect(NF, OK, OK, OK, NF, OK)));
        ops.add(new Operation("course.enrolments",
                g -> outcome(g.run("query($id: ID!) { course(id: $id) { enrolments { role } } }", "id", course)),
                expect(F, OK, OK, OK, NF, OK)));
        ops.add(new Operation("activitiesCompletionStatus (own student)",
                g -> outcome(g.run("query($c: ID!, $u: ID!) { activitiesCompletionStatus(courseId: $c, userId: $u) { statuses { state } } }",
                        "c", course, "u", student.id())),
                expect(OK, OK, OK, OK, NF, OK)));
        ops.add(new Operation("activitiesCompletionStatus (another student)",
                g -> outcome(g.run("query($c: ID!, $u: ID!) { activitiesCompletionStatus(courseId: $c, userId: $u) { statuses { state } } }",
                        "c", course, "u", otherStudent.id())),
                expect(F, OK, OK, OK, NF, OK)));
        ops.add(new Operation("createUser",
                g -> outcome(g.run("mutation($u: String!) { createUser(username: $u, fullName: \"X\") { id } }",
                        "u", Fixtures.unique("u"))),
                expect(F, F, F, F, F, OK)));
        ops.add(new Operation("issueToken",
                g -> outcome(g.run("mutation($u: ID!) { issueToken(userId: $u) }", "u", student.id())),
                expect(F, F, F, F, F, OK)));
        ops.add(new Operation("createCourse",
                g -> outcome(g.run("mutation($s: String!) { createCourse(shortName: $s, fullName: \"X\") { id } }",
                        "s", Fixtures.unique("c"))),
                expect(F, F, F, F, F, OK)));
        ops.add(new Operation("updateCourse",
                g -> outcome(g.run("mutation($c: ID!) { updateCourse(id: $c, fullName: \"Renamed\") { id } }", "c", course)),
                expect(F, F, OK, OK, F, OK)));
        ops.add(new Operation("enrol as STUDENT",
                g -> outcome(g.run("mutation($c: ID!, $u: ID!) { enrol(courseId: $c, userId: $u, role: STUDENT) { role } }",
                        "c", course, "u", Fixtures.person("p").id())),
                expect(F, F, OK, OK, F, OK)));
        ops.add(new Operation("enrol as MANAGER",
                g -> outcome(g.run("mutation($c: ID!, $u: ID!) { enrol(courseId: $c, userId: $u, role: MANAGER) { role } }",
                        "c", course, "u", Fixtures.person("p").id())),
                expect(F, F, F, OK, F, OK)));
        ops.add(new Operation("unenrol a student",
                g -> outcome(g.run("mutation($c: ID!, $u: ID!) { unenrol(courseId: $c, userId: $u) }",
                        "c", course, "u", Fixtures.enrolled(course, "STUDENT").id())),
                expect(F, F, OK, OK, F, OK)));
        ops.add(new Operation("createActivity",
                g -> outcome(g.run("mutation($c: ID!) { createActivity(courseId: $c, modName: \"page\", name: \"P\","
                        + " completion: {tracking: MANUAL}) { id } }", "c", course)),
                expect(F, F, OK, OK, F, OK)));
        ops.add(new Operation("updateCompletionSettings",
                g -> outcome(g.run("mutation($a: ID!) { updateCompletionSettings(activityId: $a, completion: {tracking: MANUAL}) { id } }",
                        "a", Fixtures.activity(course, "page", "{tracking: NONE}"))),
                expect(F, F, OK, OK, F, OK)));
        ops.add(new Operation("deleteActivity",
                g -> outcome(g.run("mutation($a: ID!) { deleteActivity(activityId: $a) }",
                        "a", Fixtures.activity(course, "page", "{tracking: NONE}"))),
                expect(F, F, OK, OK, F, OK)));
        return ops;
    }

    @Test
    void everyRoleGetsWhatTheContractSays() {
        world();
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (Operation op : operations()) {
            for (String role : ROLES) {
                String actual = op.call().apply(callers.get(role));
                checked++;
                if (!op.expected().get(role).equals(actual)) {
                    mismatches.add(op.name() + " as " + role + ": expected " + op.expected().get(role) + ", got " + actual);
                }
            }
        }
        assertEquals(List.of(), mismatches, "checked " + checked + " pairs");
        assertEquals(18 * ROLES.size(), checked);
    }

    /** The same callers through Moodle's REST endpoint; the codes are Moodle's. */
    @Test
    void theMoodleEndpointGivesTheSameAnswers() {
        world();
        String label = Fixtures.activity(course, "label", "{tracking: MANUAL}");
        String forum = Fixtures.activity(course, "forum", "{tracking: AUTOMATIC, requireView: true}");
        String pageInstance = Gql.admin().ok("query($a: ID!) { activity(id: $a) { instance } }", "a", visibleActivity)
                .getString("activity.instance");
        String forumInstance = Gql.admin().ok("query($a: ID!) { activity(id: $a) { instance } }", "a", forum)
                .getString("activity.instance");
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("student", student.token());
        for (String role : List.of("teacher", "editingTeacher", "manager", "otherCourseTeacher")) {
            tokens.put(role, tokenOf(role));
        }
        tokens.put("unenrolled", tokenOf("unenrolled"));
        tokens.put("revokedToken", tokenOf("revokedToken"));
        tokens.put("siteAdmin", Gql.ADMIN_TOKEN);
        tokens.put("noToken", "");
        tokens.put("badToken", "not-a-token");
        String NP = "nopermissions";
        String RL = "requireloginerror";
        String IR = "invalidrecord";
        record WsOperation(String name, String function, Map<String, String> args, Map<String, String> expected) {
        }
        List<WsOperation> ops = List.of(
                new WsOperation("site info", "core_webservice_get_site_info", Map.of(), expect(OK, OK, OK, OK, OK, OK)),
                new WsOperation("own status", "core_completion_get_activities_completion_status",
                        Map.of("courseid", course, "userid", student.id()), expect(OK, OK, OK, OK, IR, OK)),
                new WsOperation("another student's status", "core_completion_get_activities_completion_status",
                        Map.of("courseid", course, "userid", otherStudent.id()), expect(NP, OK, OK, OK, IR, OK)),
                new WsOperation("manual tick", "core_completion_update_activity_completion_status_manually",
                        Map.of("cmid", label, "completed", "1"), expect(OK, OK, OK, OK, RL, RL)),
                new WsOperation("override", "core_completion_override_activity_completion_status",
                        Map.of("userid", student.id(), "cmid", label, "newstate", "1"), expect(NP, OK, OK, OK, NP, OK)),
                new WsOperation("view page", "mod_page_view_page", Map.of("pageid", pageInstance),
                        expect(OK, OK, OK, OK, RL, RL)),
                new WsOperation("view forum", "mod_forum_view_forum", Map.of("forumid", forumInstance),
                        expect(OK, OK, OK, OK, RL, RL)));
        List<String> mismatches = new ArrayList<>();
        for (WsOperation op : ops) {
            for (String role : ROLES) {
                Map<String, Object> params = new LinkedHashMap<>(op.args());
                params.put("wstoken", tokens.get(role));
                params.put("wsfunction", op.function());
                params.put("moodlewsrestformat", "json");
                String code = io.restassured.RestAssured.given().formParams(params).post("/webservice/rest/server.php")
                        .jsonPath().getString("errorcode");
                String actual = code == null ? OK : code;
                String expected = role.endsWith("Token") ? "invalidtoken" : op.expected().get(role);
                if (!expected.equals(actual)) {
                    mismatches.add(op.name() + " as " + role + ": expected " + expected + ", got " + actual);
                }
            }
        }
        assertEquals(List.of(), mismatches);
    }

    String tokenOf(String role) {
        return tokensByRole.get(role);
    }
}

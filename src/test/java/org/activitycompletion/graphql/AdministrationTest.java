package org.activitycompletion.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

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

/** Each administration mutation and query of the contract, through HTTP against PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class AdministrationTest {

    @Inject
    DataSource dataSource;

    void sql(String statement) {
        Db.execute(dataSource, statement);
    }

    @Test
    void usersAndTokens() {
        Map<String, String> before = Db.fingerprint(dataSource);
        String username = Fixtures.unique("ada");
        JsonPath user = Gql.admin().ok("mutation($u: String!) { createUser(username: $u, fullName: \" Ada Lovelace \") {"
                + " id username fullName siteAdmin } }", "u", username);
        assertNotEquals(before, Db.fingerprint(dataSource), "the fingerprint sees writes");
        assertEquals(username, user.getString("createUser.username"));
        assertEquals("Ada Lovelace", user.getString("createUser.fullName"));
        assertFalse(user.getBoolean("createUser.siteAdmin"));
        String id = user.getString("createUser.id");

        String token = Gql.admin().ok("mutation($id: ID!) { issueToken(userId: $id) }", "id", id).getString("issueToken");
        assertTrue(token.length() >= 40, token);
        assertEquals(id, Gql.as(token).ok("{ me { id } }").getString("me.id"));
        assertEquals(0, Db.count(dataSource, "select count(*) from api_token where token_hash = convert_to('" + token
                + "', 'UTF8')"), "the token itself is not stored");
        assertEquals(1, Db.count(dataSource, "select count(*) from api_token where token_hash = sha256(convert_to('"
                + token + "', 'UTF8'))"), "its SHA-256 is");

        String second = Gql.admin().ok("mutation($id: ID!) { issueToken(userId: $id) }", "id", id).getString("issueToken");
        assertNotEquals(token, second);
        assertEquals(id, Gql.as(second).ok("{ me { id } }").getString("me.id"));
        assertEquals(id, Gql.as(token).ok("{ me { id } }").getString("me.id"), "older tokens keep working");

        String admin2 = Gql.admin().ok("mutation($u: String!) { createUser(username: $u, fullName: \"Root\", siteAdmin: true) {"
                + " siteAdmin } }", "u", Fixtures.unique("root")).getString("createUser.siteAdmin");
        assertEquals("true", admin2);
    }

    @Test
    void coursesAndEnrolments() {
        JsonPath created = Gql.admin().ok("mutation($s: String!) { createCourse(shortName: $s, fullName: \"Biology\") {"
                + " id shortName fullName enableCompletion activities { id } } }", "s", Fixtures.unique("BIO"));
        String course = created.getString("createCourse.id");
        assertTrue(created.getBoolean("createCourse.enableCompletion"), "completion is on by default");
        assertEquals("Biology", created.getString("createCourse.fullName"));
        assertEquals(List.of(), created.getList("createCourse.activities"));

        JsonPath updated = Gql.admin().ok("mutation($c: ID!) { updateCourse(id: $c, enableCompletion: false) {"
                + " fullName enableCompletion } }", "c", course);
        assertEquals("Biology", updated.getString("updateCourse.fullName"), "a null argument changes nothing");
        assertFalse(updated.getBoolean("updateCourse.enableCompletion"));
        assertEquals("Marine biology", Gql.admin().ok("mutation($c: ID!) { updateCourse(id: $c, fullName: \"Marine biology\") {"
                + " fullName } }", "c", course).getString("updateCourse.fullName"));

        Person student = Fixtures.person("stu");
        JsonPath enrolment = Gql.admin().ok("mutation($c: ID!, $u: ID!) { enrol(courseId: $c, userId: $u, role: STUDENT) {"
                + " role user { id username } } }", "c", course, "u", student.id());
        assertEquals("STUDENT", enrolment.getString("enrol.role"));
        assertEquals(student.username(), enrolment.getString("enrol.user.username"));
        assertEquals("TEACHER", Gql.admin().ok("mutation($c: ID!, $u: ID!) { enrol(courseId: $c, userId: $u, role: TEACHER) {"
                + " role } }", "c", course, "u", student.id()).getString("enrol.role"), "enrolling again changes the role");
        assertEquals(1, Db.count(dataSource, "select count(*) from enrolment where course_id = " + course));

        JsonPath listed = Gql.admin().ok("query($c: ID!) { course(id: $c) { enrolments { role user { id } } } }", "c", course);
        assertEquals(List.of(student.id()), listed.getList("course.enrolments.user.id"));
        assertEquals(List.of(course), student.gql().ok("{ courses { id } }").getList("courses.id"), "a user's own courses");
        assertTrue(Gql.admin().ok("{ courses { id } }").getList("courses.id").contains(course), "admins see every course");

        assertTrue(Gql.admin().ok("mutation($c: ID!, $u: ID!) { unenrol(courseId: $c, userId: $u) }", "c", course,
                "u", student.id()).getBoolean("unenrol"));
        assertFalse(Gql.admin().ok("mutation($c: ID!, $u: ID!) { unenrol(courseId: $c, userId: $u) }", "c", course,
                "u", student.id()).getBoolean("unenrol"));
        assertEquals(List.of(), student.gql().ok("{ courses { id } }").getList("courses.id"));
        assertEquals("NOT_FOUND", student.gql().errorCode("query($c: ID!) { course(id: $c) { id } }", "c", course));
    }

    @Test
    void activities() {
        String course = Fixtures.course(true);
        String fields = "id courseId modName instance name visible ruleDescriptions completionSettings { tracking requireView"
                + " requireGrade requirePassGrade gradePass gradeMax expectedBy customRules { name value } locked }";
        JsonPath forum = Gql.admin().ok("mutation($c: ID!) { createActivity(courseId: $c, modName: \"forum\", name: \"Talk\","
                + " completion: {tracking: AUTOMATIC, requireView: true, customRules: [{name: \"completionposts\", value: 3},"
                + " {name: \"completiondiscussions\", value: 1}, {name: \"completionreplies\", value: 0}]}) { " + fields + " } }",
                "c", course).setRootPath("data.createActivity");
        assertEquals(course, forum.getString("courseId"));
        assertEquals("forum", forum.getString("modName"));
        assertTrue(forum.getBoolean("visible"));
        assertEquals("AUTOMATIC", forum.getString("completionSettings.tracking"));
        assertEquals(List.of("completiondiscussions", "completionposts"), forum.getList("completionSettings.customRules.name"),
                "rules in the module's order; a 0 rule is off");
        assertEquals(List.of(1, 3), forum.getList("completionSettings.customRules.value"));
        assertEquals(List.of("View", "Start discussions: 1", "Make forum posts: 3"), forum.getList("ruleDescriptions"));
        assertNull(forum.get("completionSettings.gradeMax"), "a forum has no grade");
        assertFalse(forum.getBoolean("completionSettings.locked"));

        JsonPath assign = Gql.admin().ok("mutation($c: ID!) { createActivity(courseId: $c, modName: \"assign\", name: \"Essay\","
                + " visible: false, completion: {tracking: AUTOMATIC, requireView: true, requireGrade: true,"
                + " requirePassGrade: true, gradePass: 50.5, expectedBy: \"2027-01-31T12:00:00Z\"}) { " + fields + " } }",
                "c", course).setRootPath("data.createActivity");
        assertEquals(List.of("View", "Receive a grade", "Receive a passing grade"), assign.getList("ruleDescriptions"));
        assertEquals(50.5f, assign.getFloat("completionSettings.gradePass"));
        assertEquals(100f, assign.getFloat("completionSettings.gradeMax"));
        assertEquals("2027-01-31T12:00:00Z", assign.getString("completionSettings.expectedBy"));
        assertFalse(assign.getBoolean("visible"));
        assertNotEquals(forum.getString("instance"), assign.getString("instance"));

        String label = Fixtures.activity(course, "label", "{tracking: MANUAL}");
        assertEquals(List.of("Mark as done"), Gql.admin().ok("query($a: ID!) { activity(id: $a) { ruleDescriptions } }",
                "a", label).getList("activity.ruleDescriptions"));
        assertEquals(List.of(forum.getString("id"), assign.getString("id"), label),
                Gql.admin().ok("query($c: ID!) { course(id: $c) { activities { id } } }", "c", course)
                        .getList("course.activities.id"), "activities in course order");

        JsonPath changed = Gql.admin().ok("mutation($a: ID!) { updateCompletionSettings(activityId: $a, completion:"
                + " {tracking: MANUAL}) { ruleDescriptions completionSettings { tracking requireView customRules { name } } } }",
                "a", forum.getString("id")).setRootPath("data.updateCompletionSettings");
        assertEquals("MANUAL", changed.getString("completionSettings.tracking"));
        assertFalse(changed.getBoolean("completionSettings.requireView"));
        assertEquals(List.of(), changed.getList("completionSettings.customRules"));
        assertEquals(0, Db.count(dataSource, "select count(*) from activity_rule where activity_id = " + forum.getString("id")));

        assertTrue(Gql.admin().ok("mutation($a: ID!) { deleteActivity(activityId: $a) }", "a", label)
                .getBoolean("deleteActivity"));
        assertEquals("NOT_FOUND", Gql.admin().errorCode("query($a: ID!) { activity(id: $a) { id } }", "a", label));
    }

    @Test
    void lockedSettingsNeedUnlockWhichResetsStates() {
        String course = Fixtures.course(true);
        Person alice = Fixtures.enrolled(course, "STUDENT");
        Person bob = Fixtures.enrolled(course, "STUDENT");
        String page = Fixtures.activity(course, "page", "{tracking: AUTOMATIC, requireView: true}");
        // Completion events arrive with the engine; here the stored state is written directly.
        sql("insert into completion (activity_id, user_id, state, viewed, time_completed) values (" + page + ", "
                + alice.id() + ", 1, true, now()), (" + page + ", " + bob.id() + ", 0, false, null)");
        String locked = "query($a: ID!) { activity(id: $a) { completionSettings { locked } } }";
        assertTrue(Gql.admin().ok(locked, "a", page).getBoolean("activity.completionSettings.locked"));

        String update = "mutation($a: ID!, $u: Boolean!) { updateCompletionSettings(activityId: $a, unlock: $u, completion: %s)"
                + " { completionSettings { tracking expectedBy locked } } }";
        Map<String, String> before = Db.fingerprint(dataSource);
        assertEquals("COMPLETION_LOCKED", Gql.admin().errorCode(String.format(update, "{tracking: MANUAL}"), "a", page, "u", false));
        assertEquals(before, Db.fingerprint(dataSource));

        JsonPath dateOnly = Gql.admin().ok(String.format(update,
                "{tracking: AUTOMATIC, requireView: true, expectedBy: \"2027-03-01T00:00:00Z\"}"), "a", page, "u", false);
        assertEquals("2027-03-01T00:00:00Z", dateOnly.getString("updateCompletionSettings.completionSettings.expectedBy"),
                "the expected date may change while locked");
        assertTrue(dateOnly.getBoolean("updateCompletionSettings.completionSettings.locked"));

        JsonPath unlocked = Gql.admin().ok(String.format(update, "{tracking: MANUAL}"), "a", page, "u", true);
        assertEquals("MANUAL", unlocked.getString("updateCompletionSettings.completionSettings.tracking"));
        assertFalse(unlocked.getBoolean("updateCompletionSettings.completionSettings.locked"));
        assertEquals(0, Db.count(dataSource, "select count(*) from completion where activity_id = " + page + " and state <> 0"));
        assertEquals(1, Db.count(dataSource, "select count(*) from completion where activity_id = " + page + " and viewed"),
                "views survive the reset, as in Moodle");
    }

    @Test
    void completionIsReadFromStoredState() {
        String course = Fixtures.course(true);
        Person alice = Fixtures.enrolled(course, "STUDENT");
        Person teacher = Fixtures.enrolled(course, "TEACHER");
        String page = Fixtures.activity(course, "page", "{tracking: AUTOMATIC, requireView: true}");
        String quiz = Fixtures.activity(course, "quiz", "{tracking: AUTOMATIC, requireGrade: true, gradePass: 5}");
        String label = Fixtures.activity(course, "label", "{tracking: MANUAL}");
        Fixtures.activity(course, "url", "{tracking: NONE}");
        sql("insert into completion (activity_id, user_id, state, viewed, time_completed, time_modified, overridden_by) values ("
                + page + ", " + alice.id() + ", 1, true, '2026-01-02T03:04:05Z', '2026-01-02T03:04:05Z', null), ("
                + quiz + ", " + alice.id() + ", 3, false, '2026-01-03T00:00:00Z', '2026-01-03T00:00:00Z', " + teacher.id() + ")");

        JsonPath status = teacher.gql().ok("query($c: ID!, $u: ID!) { activitiesCompletionStatus(courseId: $c, userId: $u) {"
                + " statuses { activityId userId modName state completedAt tracking viewed overriddenBy isAutomatic"
                + " isTrackedUser isOverallComplete conditions { rule } } warnings { warningCode } } }", "c", course,
                "u", alice.id()).setRootPath("data.activitiesCompletionStatus");
        assertEquals(List.of(page, quiz, label), status.getList("statuses.activityId"), "tracking NONE is left out");
        assertEquals(List.of("COMPLETE", "COMPLETE_FAIL", "INCOMPLETE"), status.getList("statuses.state"));
        assertEquals("2026-01-02T03:04:05Z", status.getString("statuses[0].completedAt"));
        assertNull(status.get("statuses[2].completedAt"));
        assertEquals(List.of(true, false, false), status.getList("statuses.viewed"));
        assertEquals(teacher.id(), status.getString("statuses[1].overriddenBy"));
        assertEquals(List.of(true, true, false), status.getList("statuses.isAutomatic"));
        assertEquals(List.of(true, true, true), status.getList("statuses.isTrackedUser"));
        assertEquals(List.of(true, true, false), status.getList("statuses.isOverallComplete"),
                "a FAIL completes where any grade completes");
        assertEquals(List.of(), status.getList("warnings"));

        assertEquals("COMPLETE", alice.gql().ok("query($a: ID!) { activity(id: $a) { completion { state } } }", "a", page)
                .getString("activity.completion.state"), "completion defaults to the caller");
        assertEquals(200f / 3, alice.gql().ok("query($c: ID!) { course(id: $c) { progress } }", "c", course)
                .getFloat("course.progress"), 0.001);
        assertNull(teacher.gql().ok("query($c: ID!) { course(id: $c) { progress } }", "c", course).get("course.progress"),
                "teachers are not tracked");
        assertEquals("NOT_ENROLLED", teacher.gql().errorCode("query($c: ID!, $u: ID!) { activitiesCompletionStatus(courseId: $c,"
                + " userId: $u) { statuses { state } } }", "c", course, "u", Fixtures.person("x").id()));
    }
}

package org.activitycompletion.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.activitycompletion.support.Db;
import org.activitycompletion.support.EmbeddedPostgresResource;
import org.activitycompletion.support.Fixtures;
import org.activitycompletion.support.Gql;
import org.junit.jupiter.api.Test;

/** Bad input gets the contract's error code and writes nothing (every table's contents are compared). */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class ValidationTest {

    @Inject
    DataSource dataSource;

    /** Runs the document as admin, expects the code, and checks that no table changed. */
    void rejects(String code, String document, Object... variables) {
        Map<String, String> before = Db.fingerprint(dataSource);
        assertEquals(code, Gql.admin().errorCode(document, variables), document);
        assertEquals(before, Db.fingerprint(dataSource), "a failed mutation wrote: " + document);
    }

    String createActivity(String modName, String completion) {
        return "mutation($c: ID!) { createActivity(courseId: $c, modName: \"" + modName + "\", name: \"A\", completion: "
                + completion + ") { id } }";
    }

    @Test
    void users() {
        String taken = Fixtures.person("taken").username();
        String create = "mutation($u: String!, $f: String!) { createUser(username: $u, fullName: $f) { id } }";
        rejects("INVALID_ARGUMENT", create, "u", "", "f", "Name");
        rejects("INVALID_ARGUMENT", create, "u", "   ", "f", "Name");
        rejects("INVALID_ARGUMENT", create, "u", "x".repeat(101), "f", "Name");
        rejects("INVALID_ARGUMENT", create, "u", "Upper Case", "f", "Name");
        rejects("INVALID_ARGUMENT", create, "u", "robert'); drop table app_user;--", "f", "Name");
        rejects("INVALID_ARGUMENT", create, "u", Fixtures.unique("ok"), "f", "");
        rejects("INVALID_ARGUMENT", create, "u", Fixtures.unique("ok"), "f", "x".repeat(256));
        rejects("CONFLICT", create, "u", taken, "f", "Name");
        rejects("INVALID_ARGUMENT", "mutation { createUser(username: \"u1\", fullName: \"N\", siteAdmin: \"yes\") { id } }");
        rejects("INVALID_ARGUMENT", "mutation { createUser(username: 42, fullName: \"N\") { id } }");
        rejects("NOT_FOUND", "mutation { issueToken(userId: 999999999) }");
        rejects("INVALID_ARGUMENT", "mutation { issueToken(userId: \"abc\") }");
        rejects("INVALID_ARGUMENT", "mutation { issueToken(userId: \"-1\") }");
    }

    @Test
    void courses() {
        String course = Fixtures.course(true);
        String shortName = Gql.admin().ok("query($c: ID!) { course(id: $c) { shortName } }", "c", course)
                .getString("course.shortName");
        String create = "mutation($s: String!, $f: String!) { createCourse(shortName: $s, fullName: $f) { id } }";
        rejects("INVALID_ARGUMENT", create, "s", "", "f", "Full");
        rejects("INVALID_ARGUMENT", create, "s", Fixtures.unique("s"), "f", " ");
        rejects("INVALID_ARGUMENT", create, "s", "s".repeat(101), "f", "Full");
        rejects("CONFLICT", create, "s", shortName, "f", "Full");
        rejects("NOT_FOUND", "mutation { updateCourse(id: 999999999, fullName: \"X\") { id } }");
        rejects("INVALID_ARGUMENT", "mutation { updateCourse(id: \"x1\", fullName: \"X\") { id } }");
        rejects("INVALID_ARGUMENT", "mutation($c: ID!) { updateCourse(id: $c, fullName: \"\") { id } }", "c", course);
        rejects("INVALID_ARGUMENT", "mutation($c: ID!) { updateCourse(id: $c, enableCompletion: 1) { id } }", "c", course);
        rejects("NOT_FOUND", "{ course(id: 999999999) { id } }");
    }

    @Test
    void enrolments() {
        String course = Fixtures.course(true);
        String user = Fixtures.person("p").id();
        String enrol = "mutation($c: ID!, $u: ID!) { enrol(courseId: $c, userId: $u, role: STUDENT) { role } }";
        rejects("NOT_FOUND", enrol, "c", "999999999", "u", user);
        rejects("NOT_FOUND", enrol, "c", course, "u", "999999999");
        rejects("INVALID_ARGUMENT", "mutation($c: ID!, $u: ID!) { enrol(courseId: $c, userId: $u, role: OWNER) { role } }",
                "c", course, "u", user);
        rejects("INVALID_ARGUMENT", "mutation($c: ID!, $u: ID!, $r: CourseRole!) { enrol(courseId: $c, userId: $u, role: $r) { role } }",
                "c", course, "u", user, "r", "ADMIN");
        rejects("NOT_FOUND", "mutation($u: ID!) { unenrol(courseId: 999999999, userId: $u) }", "u", user);
    }

    @Test
    void activities() {
        String course = Fixtures.course(true);
        rejects("NOT_FOUND", createActivity("page", "{tracking: MANUAL}"), "c", "999999999");
        rejects("INVALID_ARGUMENT", createActivity("wiki", "{tracking: MANUAL}"), "c", course);
        rejects("INVALID_ARGUMENT", createActivity("", "{tracking: MANUAL}"), "c", course);
        rejects("INVALID_ARGUMENT", "mutation($c: ID!) { createActivity(courseId: $c, modName: \"page\", name: \"  \","
                + " completion: {tracking: MANUAL}) { id } }", "c", course);
        rejects("INVALID_ARGUMENT", "mutation($c: ID!) { createActivity(courseId: $c, modName: \"page\", name: \"A\","
                + " completion: {tracking: SOMETIMES}) { id } }", "c", course);
        rejects("INVALID_ARGUMENT", "mutation($c: ID!) { createActivity(courseId: $c, modName: \"page\", name: \"A\") { id } }",
                "c", course);
        // AUTOMATIC tracking with no condition
        rejects("INVALID_ARGUMENT", createActivity("page", "{tracking: AUTOMATIC}"), "c", course);
        rejects("INVALID_ARGUMENT", createActivity("label", "{tracking: AUTOMATIC}"), "c", course);
        rejects("INVALID_ARGUMENT", createActivity("forum",
                "{tracking: AUTOMATIC, customRules: [{name: \"completionposts\", value: 0}]}"), "c", course);
        // unknown custom rule, and rules of another module
        rejects("INVALID_ARGUMENT", createActivity("forum",
                "{tracking: AUTOMATIC, customRules: [{name: \"completionlikes\", value: 1}]}"), "c", course);
        rejects("INVALID_ARGUMENT", createActivity("page",
                "{tracking: AUTOMATIC, requireView: true, customRules: [{name: \"completionposts\", value: 1}]}"), "c", course);
        rejects("INVALID_ARGUMENT", createActivity("forum",
                "{tracking: AUTOMATIC, customRules: [{name: \"completionposts\", value: 1}, {name: \"completionposts\", value: 2}]}"),
                "c", course);
        rejects("INVALID_ARGUMENT", createActivity("forum",
                "{tracking: AUTOMATIC, customRules: [{name: \"completionposts\", value: -1}]}"), "c", course);
        rejects("INVALID_ARGUMENT", createActivity("forum",
                "{tracking: AUTOMATIC, customRules: [{name: \"completionposts\", value: 2147483648}]}"), "c", course);
        // settings the module does not support
        rejects("INVALID_ARGUMENT", createActivity("label", "{tracking: AUTOMATIC, requireView: true}"), "c", course);
        rejects("INVALID_ARGUMENT", createActivity("page", "{tracking: AUTOMATIC, requireGrade: true}"), "c", course);
        rejects("INVALID_ARGUMENT", createActivity("forum", "{tracking: AUTOMATIC, requireGrade: true}"), "c", course);
        rejects("INVALID_ARGUMENT", createActivity("page", "{tracking: MANUAL, gradePass: 5}"), "c", course);
        // grade rules
        rejects("INVALID_ARGUMENT", createActivity("assign", "{tracking: AUTOMATIC, requireGrade: true, requirePassGrade: true}"),
                "c", course);
        rejects("INVALID_ARGUMENT", createActivity("assign", "{tracking: AUTOMATIC, requirePassGrade: true, gradePass: 5}"),
                "c", course);
        rejects("INVALID_ARGUMENT", createActivity("assign",
                "{tracking: AUTOMATIC, requireGrade: true, gradePass: 120, gradeMax: 100}"), "c", course);
        rejects("INVALID_ARGUMENT", createActivity("assign", "{tracking: AUTOMATIC, requireGrade: true, gradePass: -1}"),
                "c", course);
        rejects("INVALID_ARGUMENT", createActivity("assign", "{tracking: AUTOMATIC, requireGrade: true, gradeMax: 0}"),
                "c", course);
        rejects("INVALID_ARGUMENT", createActivity("quiz", "{tracking: AUTOMATIC, requireGrade: true, gradeMax: 1e9}"),
                "c", course);
        // conditions belong to AUTOMATIC tracking only
        rejects("INVALID_ARGUMENT", createActivity("page", "{tracking: MANUAL, requireView: true}"), "c", course);
        rejects("INVALID_ARGUMENT", createActivity("forum",
                "{tracking: NONE, customRules: [{name: \"completionposts\", value: 1}]}"), "c", course);
        rejects("INVALID_ARGUMENT", createActivity("page", "{tracking: AUTOMATIC, requireView: \"yes\"}"), "c", course);
        rejects("INVALID_ARGUMENT", createActivity("page", "{tracking: MANUAL, expectedBy: \"next tuesday\"}"), "c", course);
    }

    /** The GraphQL specification's Int and Float: a number, never a numeric string (SmallRye alone read "12" as 12). */
    @Test
    void numbersAreNotStrings() {
        String course = Fixtures.course(true);
        String student = Fixtures.person("s").id();
        Gql.admin().ok("mutation($c: ID!, $u: ID!) { enrol(courseId: $c, userId: $u, role: STUDENT) { role } }",
                "c", course, "u", student);
        String assign = Gql.admin().ok(createActivity("assign", "{tracking: AUTOMATIC, requireGrade: true}"), "c", course)
                .getString("createActivity.id");
        String grade = "mutation($a: ID!, $u: ID!, $g: Float) { setGrade(activityId: $a, userId: $u, grade: $g) { state } }";
        rejects("INVALID_ARGUMENT", grade, "a", assign, "u", student, "g", "12");
        rejects("INVALID_ARGUMENT", "mutation($a: ID!, $u: ID!) { setGrade(activityId: $a, userId: $u, grade: \"12\") { state } }",
                "a", assign, "u", student);
        rejects("INVALID_ARGUMENT", createActivity("assign", "{tracking: AUTOMATIC, requireGrade: true, gradeMax: \"50\"}"),
                "c", course);
        rejects("INVALID_ARGUMENT", createActivity("forum",
                "{tracking: AUTOMATIC, customRules: [{name: \"completionposts\", value: \"2\"}]}"), "c", course);
        rejects("INVALID_ARGUMENT", "query($c: ID!) { courseCompletionReport(courseId: $c, first: \"10\") { hasNextPage } }",
                "c", course);
        rejects("INVALID_ARGUMENT", "query($c: ID!, $n: Int) { courseCompletionReport(courseId: $c, first: $n) { hasNextPage } }",
                "c", course, "n", "10");
        // numbers as numbers still do, integers for a Float among them
        assertEquals("COMPLETE", Gql.admin().ok(grade, "a", assign, "u", student, "g", 12).getString("setGrade.state"));
        assertEquals(false, Gql.admin().ok("query($c: ID!) { courseCompletionReport(courseId: $c, first: 10) { hasNextPage } }",
                "c", course).getBoolean("courseCompletionReport.hasNextPage"));
    }

    @Test
    void settingsAndDeletion() {
        String course = Fixtures.course(true);
        String page = Fixtures.activity(course, "page", "{tracking: AUTOMATIC, requireView: true}");
        String update = "mutation($a: ID!) { updateCompletionSettings(activityId: $a, completion: %s) { id } }";
        rejects("NOT_FOUND", String.format(update, "{tracking: MANUAL}"), "a", "999999999");
        rejects("INVALID_ARGUMENT", String.format(update, "{tracking: AUTOMATIC}"), "a", page);
        rejects("INVALID_ARGUMENT", String.format(update, "{tracking: AUTOMATIC, requireGrade: true}"), "a", page);
        rejects("INVALID_ARGUMENT", String.format(update,
                "{tracking: AUTOMATIC, customRules: [{name: \"completionreplies\", value: 1}]}"), "a", page);
        rejects("NOT_FOUND", "mutation { deleteActivity(activityId: 999999999) }");
        rejects("NOT_FOUND", "{ activity(id: 999999999) { id } }");
    }
}

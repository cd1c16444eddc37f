package org.activitycompletion.completion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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

/**
 * Each rule of completion-rules.md through GraphQL against PostgreSQL. Each test names the
 * Moodle test or behat feature it mirrors.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class CompletionScenariosTest {

    @Inject
    DataSource dataSource;

    /** lib/tests/completionlib_test.php test_set_module_viewed; behat completion_activity_view. */
    @Test
    void viewOnly() {
        Learning l = new Learning();
        String page = l.activity("page", "{tracking: AUTOMATIC, requireView: true}");
        assertEquals("INCOMPLETE", l.state(l.alice, page));
        JsonPath viewed = l.view(l.alice, page);
        assertEquals("COMPLETE", viewed.getString("state"));
        assertTrue(viewed.getBoolean("viewed"));
        assertNotNull(viewed.getString("completedAt"));
        assertEquals(List.of(Map.of("rule", "completionview", "status", "COMPLETE", "description", "View")),
                viewed.getList("conditions"));
        String firstCompletedAt = viewed.getString("completedAt");
        assertEquals(firstCompletedAt, l.view(l.alice, page).getString("completedAt"), "a repeat view changes nothing");
        assertEquals("INCOMPLETE", l.state(l.bob, page), "only the viewer completes");
        assertEquals(1, Db.count(dataSource, "select count(*) from completion_history where activity_id = " + page));
    }

    /** completionlib_test test_set_module_viewed: a view is not remembered while the view condition is off. */
    @Test
    void aViewIsNotRememberedWhileTheViewConditionIsOff() {
        Learning l = new Learning();
        String quiz = l.activity("quiz", "{tracking: AUTOMATIC, requireGrade: true}");
        JsonPath result = l.view(l.alice, quiz);
        assertFalse(result.getBoolean("viewed"));
        assertEquals(0, Db.count(dataSource, "select count(*) from completion where activity_id = " + quiz + " and viewed"));
        Gql.admin().ok("mutation($a: ID!) { updateCompletionSettings(activityId: $a, completion: {tracking: AUTOMATIC,"
                + " requireView: true}) { id } }", "a", quiz);
        assertEquals("INCOMPLETE", l.state(l.alice, quiz), "turning the condition on later needs a new view");
        assertEquals("COMPLETE", l.view(l.alice, quiz).getString("state"));
    }

    /** completionlib_test test_get_grade_completion (no pass mark: any grade completes). */
    @Test
    void gradeWithoutPassMark() {
        Learning l = new Learning();
        String assign = l.activity("assign", "{tracking: AUTOMATIC, requireGrade: true}");
        JsonPath graded = l.grade(assign, l.alice, 10.0);
        assertEquals("COMPLETE", graded.getString("state"));
        assertTrue(graded.getBoolean("isOverallComplete"));
        assertEquals(List.of("COMPLETE"), graded.getList("conditions.status"));
    }

    /** completionlib_test test_internal_get_state_with_grade_criteria: equal passes, below fails (COMPLETE_FAIL). */
    @Test
    void gradeEqualAboveAndBelowThePassMark() {
        Learning l = new Learning();
        String assign = l.activity("assign", "{tracking: AUTOMATIC, requireGrade: true, gradePass: 50}");
        assertEquals("COMPLETE_PASS", l.grade(assign, l.alice, 50.0).getString("state"), "equal passes");
        assertEquals("COMPLETE_PASS", l.grade(assign, l.bob, 80.0).getString("state"));
        Person carol = Fixtures.enrolled(l.course, "STUDENT");
        JsonPath failed = l.grade(assign, carol, 49.5);
        assertEquals("COMPLETE_FAIL", failed.getString("state"));
        assertTrue(failed.getBoolean("isOverallComplete"), "without 'require passing grade' a fail still completes");
        assertEquals(List.of("COMPLETE_FAIL"), failed.getList("conditions.status"));
    }

    /** completionlib_test test_inform_grade_changed: a re-grade from fail to pass recomputes; clearing undoes. */
    @Test
    void regradeFailToPassAndClearing() {
        Learning l = new Learning();
        String quiz = l.activity("quiz", "{tracking: AUTOMATIC, requireGrade: true, gradePass: 60}");
        assertEquals("COMPLETE_FAIL", l.grade(quiz, l.alice, 30.0).getString("state"));
        assertEquals("COMPLETE_FAIL", l.grade(quiz, l.alice, 40.0).getString("state"));
        assertEquals("COMPLETE_PASS", l.grade(quiz, l.alice, 75.0).getString("state"));
        JsonPath cleared = l.grade(quiz, l.alice, null);
        assertEquals("INCOMPLETE", cleared.getString("state"));
        assertNull(cleared.get("completedAt"));
        assertEquals(List.of("GRADE:0->3", "GRADE:3->2", "GRADE:2->0"), history(quiz, l.alice));
    }

    /** cm_completion_details_test (pass grade required and failed); progress_test pass-required fail. */
    @Test
    void passGradeRequiredAndFailed() {
        Learning l = new Learning();
        String assign = l.activity("assign", "{tracking: AUTOMATIC, requireView: true, requireGrade: true,"
                + " requirePassGrade: true, gradePass: 50}");
        l.view(l.alice, assign);
        JsonPath failed = l.grade(assign, l.alice, 20.0);
        assertEquals("COMPLETE_FAIL", failed.getString("state"));
        assertFalse(failed.getBoolean("isOverallComplete"));
        assertEquals(List.of("completionview", "completionusegrade", "completionpassgrade"),
                failed.getList("conditions.rule"));
        assertEquals(List.of("COMPLETE", "COMPLETE", "COMPLETE_FAIL"), failed.getList("conditions.status"),
                "a fail is shown on the pass-grade condition only");
        JsonPath passed = l.grade(assign, l.alice, 90.0);
        assertEquals("COMPLETE_PASS", passed.getString("state"));
        assertEquals(List.of("COMPLETE", "COMPLETE_PASS", "COMPLETE_PASS"), passed.getList("conditions.status"));
    }

    /** behat completion_activity_view_and_grade / forum custom_completion_test: all conditions are ANDed. */
    @Test
    void viewAndGradeAndPostsAreAllNeeded() {
        Learning l = new Learning();
        String assign = l.activity("assign", "{tracking: AUTOMATIC, requireView: true, requireGrade: true, gradePass: 50}");
        assertEquals("INCOMPLETE", l.grade(assign, l.alice, 70.0).getString("state"), "graded but not viewed");
        assertEquals("COMPLETE_PASS", l.view(l.alice, assign).getString("state"));
        String forum = l.activity("forum", "{tracking: AUTOMATIC, requireView: true,"
                + " customRules: [{name: \"completionposts\", value: 2}, {name: \"completiondiscussions\", value: 1}]}");
        String first = l.discussion(l.alice, forum);
        l.reply(l.alice, first);
        assertEquals("INCOMPLETE", l.state(l.alice, forum), "posts without the view");
        JsonPath done = l.view(l.alice, forum);
        assertEquals("COMPLETE", done.getString("state"));
        assertEquals(List.of("completionview", "completiondiscussions", "completionposts"), done.getList("conditions.rule"));
        assertEquals(List.of("View", "Start discussions: 1", "Make forum posts: 2"), done.getList("conditions.description"));
    }

    /** mod/forum/tests/custom_completion_test: discussions, replies, posts; deleted posts no longer count. */
    @Test
    void forumCountsWithDeletions() {
        Learning l = new Learning();
        String forum = l.activity("forum", "{tracking: AUTOMATIC, customRules: [{name: \"completionreplies\", value: 2}]}");
        String bobsDiscussion = l.discussion(l.bob, forum);
        String aliceDiscussion = l.discussion(l.alice, forum);
        assertEquals("INCOMPLETE", l.state(l.alice, forum), "a discussion is not a reply");
        String r1 = l.reply(l.alice, bobsDiscussion);
        assertEquals("INCOMPLETE", l.state(l.alice, forum));
        String r2 = l.reply(l.alice, r1);
        assertEquals("COMPLETE", l.state(l.alice, forum));
        l.deletePost(l.alice, r2);
        assertEquals("INCOMPLETE", l.state(l.alice, forum), "a deleted reply no longer counts");
        String r3 = l.reply(l.alice, aliceDiscussion);
        l.reply(l.alice, r1);
        assertEquals("COMPLETE", l.state(l.alice, forum));
        // Deleting Bob's discussion takes Alice's replies under it (r1 and its reply) with it.
        l.teacher.gql().ok("mutation($p: ID!) { deleteForumPost(postId: $p) }", "p", bobsDiscussion);
        assertEquals("INCOMPLETE", l.state(l.alice, forum));
        assertEquals(1, Db.count(dataSource, "select count(*) from forum_post where user_id = " + l.alice.id()
                + " and parent_id is not null"), "only " + r3 + " is left");
        assertEquals("FORBIDDEN", l.bob.gql().errorCode("mutation($p: ID!) { deleteForumPost(postId: $p) }", "p", r3),
                "students delete only their own posts");
    }

    /** completion/tests/externallib_test test_update_activity_completion_status_manually. */
    @Test
    void manualTicks() {
        Learning l = new Learning();
        String label = l.activity("label", "{tracking: MANUAL}");
        JsonPath ticked = l.tick(l.alice, label, true);
        assertEquals("COMPLETE", ticked.getString("state"));
        assertTrue(ticked.getBoolean("isOverallComplete"));
        assertEquals(List.of(), ticked.getList("conditions"), "a manual activity has no details");
        String at = ticked.getString("completedAt");
        assertEquals(at, l.tick(l.alice, label, true).getString("completedAt"), "a repeated tick changes nothing");
        assertEquals("INCOMPLETE", l.tick(l.alice, label, false).getString("state"));
        String page = l.activity("page", "{tracking: AUTOMATIC, requireView: true}");
        assertEquals("NOT_MANUAL", l.alice.gql().errorCode("mutation($a: ID!) { setManualCompletion(activityId: $a,"
                + " completed: true) { state } }", "a", page));
        assertEquals("FORBIDDEN", l.teacher.gql().errorCode("mutation($a: ID!, $u: ID!) { setManualCompletion(activityId: $a,"
                + " completed: true, userId: $u) { state } }", "a", label, "u", l.alice.id()), "a tick is the user's own");
        assertEquals("COMPLETE", l.tick(l.teacher, label, true).getString("state"), "teachers may tick their own");
        assertFalse(l.tick(l.teacher, label, true).getBoolean("isTrackedUser"));
    }

    /** externallib_test test_override_activity_completion_status; completionlib_test test_update_state (override). */
    @Test
    void overrideThenLaterEvents() {
        Learning l = new Learning();
        String assign = l.activity("assign", "{tracking: AUTOMATIC, requireGrade: true}");
        JsonPath overridden = l.override(l.alice, assign, "COMPLETE");
        assertEquals("COMPLETE", overridden.getString("state"));
        assertEquals(l.teacher.id(), overridden.getString("overriddenBy"));
        assertEquals(List.of("COMPLETE"), overridden.getList("conditions.status"), "details show the overall state");
        assertEquals("COMPLETE", l.grade(assign, l.alice, null).getString("state"), "a COMPLETE override holds");

        JsonPath reopened = l.override(l.bob, assign, "INCOMPLETE");
        assertEquals("INCOMPLETE", reopened.getString("state"));
        assertNull(reopened.get("overriddenBy"), "overriding INCOMPLETE to INCOMPLETE changes nothing");
        l.grade(assign, l.bob, 40.0);
        l.override(l.bob, assign, "INCOMPLETE");
        assertEquals(l.teacher.id(), l.completion(l.bob, assign).getString("overriddenBy"));
        assertFalse(l.completion(l.bob, assign).getBoolean("isOverallComplete"));
        JsonPath regraded = l.grade(assign, l.bob, 45.0);
        assertEquals("COMPLETE", regraded.getString("state"), "an INCOMPLETE override gives way to the next event");
        assertNull(regraded.get("overriddenBy"));

        String label = l.activity("label", "{tracking: MANUAL}");
        l.override(l.alice, label, "COMPLETE");
        JsonPath unticked = l.tick(l.alice, label, false);
        assertEquals("INCOMPLETE", unticked.getString("state"));
        assertNull(unticked.get("overriddenBy"), "the student's own tick clears the overrider");

        assertEquals("INVALID_ARGUMENT", l.teacher.gql().errorCode("mutation($a: ID!, $u: ID!) { overrideCompletion("
                + "activityId: $a, userId: $u, state: COMPLETE_PASS) { state } }", "a", assign, "u", l.alice.id()));
        assertEquals("FORBIDDEN", l.bob.gql().errorCode("mutation($a: ID!, $u: ID!) { overrideCompletion(activityId: $a,"
                + " userId: $u, state: COMPLETE) { state } }", "a", assign, "u", l.alice.id()));
        String untracked = l.activity("page", "{tracking: NONE}");
        JsonPath none = l.override(l.alice, untracked, "COMPLETE");
        assertEquals("INCOMPLETE", none.getString("state"));
        assertEquals("NONE", none.getString("tracking"));
    }

    /** completionlib_test test_is_enabled: with completion off for the course nothing is tracked. */
    @Test
    void courseCompletionDisabled() {
        Learning l = new Learning(false);
        String page = l.activity("page", "{tracking: AUTOMATIC, requireView: true}");
        String label = l.activity("label", "{tracking: MANUAL}");
        JsonPath viewed = l.view(l.alice, page);
        assertEquals("INCOMPLETE", viewed.getString("state"), "events succeed and change nothing");
        assertEquals("NONE", viewed.getString("tracking"));
        assertEquals("COMPLETION_DISABLED", l.alice.gql().errorCode("mutation($a: ID!) { setManualCompletion(activityId: $a,"
                + " completed: true) { state } }", "a", label));
        assertEquals("INCOMPLETE", l.override(l.alice, label, "COMPLETE").getString("state"));
        assertEquals(List.of(), l.statuses(l.alice.gql(), l.alice).getList("statuses"));
        assertNull(l.progress(l.alice));
        l.teacher.gql(); // the switch is turned on by an admin
        Gql.admin().ok("mutation($c: ID!) { updateCourse(id: $c, enableCompletion: true) { id } }", "c", l.course);
        assertEquals("COMPLETE", l.view(l.alice, page).getString("state"), "after switching it on, a new view counts");
    }

    /** Moodle's require_login: a user who is not enrolled can neither act nor be acted on. */
    @Test
    void userNotEnrolled() {
        Learning l = new Learning();
        String page = l.activity("page", "{tracking: AUTOMATIC, requireView: true}");
        String assign = l.activity("assign", "{tracking: AUTOMATIC, requireGrade: true}");
        Person stranger = Fixtures.person("stranger");
        assertEquals("NOT_ENROLLED", stranger.gql().errorCode("mutation($a: ID!) { recordView(activityId: $a) { state } }",
                "a", page));
        assertEquals("NOT_ENROLLED", l.teacher.gql().errorCode("mutation($a: ID!, $u: ID!) { setGrade(activityId: $a,"
                + " userId: $u, grade: 5) { state } }", "a", assign, "u", stranger.id()));
        assertEquals("NOT_ENROLLED", l.teacher.gql().errorCode("mutation($a: ID!, $u: ID!) { overrideCompletion("
                + "activityId: $a, userId: $u, state: COMPLETE) { state } }", "a", page, "u", stranger.id()));
        assertEquals(0, Db.count(dataSource, "select count(*) from grade where user_id = " + stranger.id()));
    }

    /** externallib_test test_get_activities_completion_status, as GraphQL. */
    @Test
    void moodlesStatusTest() {
        Learning l = new Learning();
        Person editor = Fixtures.enrolled(l.course, "EDITING_TEACHER");
        String forum = l.activity("forum", "{tracking: AUTOMATIC, requireView: true}");
        String label = l.activity("label", "{tracking: MANUAL}");
        String assign = l.activity("assign", "{tracking: AUTOMATIC, requireView: true, requireGrade: true,"
                + " requirePassGrade: true, gradePass: 50}");
        String hidden = Gql.admin().ok("mutation($c: ID!) { createActivity(courseId: $c, modName: \"page\", name: \"H\","
                + " visible: false, completion: {tracking: MANUAL}) { id } }", "c", l.course).getString("createActivity.id");
        l.tick(l.alice, label, true);
        l.view(l.alice, forum);
        l.override(l.alice, forum, "INCOMPLETE");

        JsonPath own = l.statuses(l.alice.gql(), l.alice);
        assertEquals(List.of(forum, label, assign), own.getList("statuses.activityId"), "hidden left out for a student");
        assertEquals(List.of(), own.getList("statuses[1].conditions"));
        assertEquals(List.of("completionview"), own.getList("statuses[0].conditions.rule"));
        assertEquals(List.of("completionview", "completionusegrade", "completionpassgrade"),
                own.getList("statuses[2].conditions.rule"));
        assertEquals("COMPLETE", own.getString("statuses[1].state"));
        assertEquals(l.teacher.id(), own.getString("statuses[0].overriddenBy"));
        assertFalse(own.getBoolean("statuses[0].isOverallComplete"));

        JsonPath asTeacher = l.statuses(editor.gql(), l.alice);
        assertEquals(List.of(forum, label, assign, hidden), asTeacher.getList("statuses.activityId"),
                "a teacher reading the same student sees hidden activities");

        // A teacher completes the forum and reads back COMPLETE, untracked.
        JsonPath teacherView = l.override(l.teacher, forum, "COMPLETE");
        assertEquals("COMPLETE", teacherView.getString("state"));
        assertFalse(teacherView.getBoolean("isTrackedUser"));
        assertEquals("FORBIDDEN", l.bob.gql().errorCode("query($c: ID!, $u: ID!) { activitiesCompletionStatus(courseId: $c,"
                + " userId: $u) { warnings { message } } }", "c", l.course, "u", l.alice.id()));
    }

    /** completion/tests/progress_test test_course_progress_percentage_completion_state (4.x): 75. */
    @Test
    void progressCountsFailsOnlyWhereAnyGradeCompletes() {
        Learning l = new Learning();
        String passed = l.activity("assign", "{tracking: AUTOMATIC, requireGrade: true, gradePass: 50}");
        String failedPassRequired = l.activity("quiz", "{tracking: AUTOMATIC, requireGrade: true, requirePassGrade: true,"
                + " gradePass: 50}");
        String viewed = l.activity("page", "{tracking: AUTOMATIC, requireView: true}");
        String ticked = l.activity("label", "{tracking: MANUAL}");
        assertEquals(0.0, l.progress(l.alice));
        l.grade(passed, l.alice, 60.0);
        l.grade(failedPassRequired, l.alice, 10.0);
        l.view(l.alice, viewed);
        l.tick(l.alice, ticked, true);
        assertEquals(75.0, l.progress(l.alice));
        assertNull(l.teacher.gql().ok("query($c: ID!) { course(id: $c) { progress } }", "c", l.course)
                .get("course.progress"), "teachers are not tracked");
        Gql.admin().ok("mutation($c: ID!) { createActivity(courseId: $c, modName: \"page\", name: \"H\", visible: false,"
                + " completion: {tracking: MANUAL}) { id } }", "c", l.course);
        assertEquals(75.0, l.progress(l.alice), "activities the student cannot see do not count");
    }

    List<String> history(String activity, Person student) {
        return Gql.admin().ok("query($a: ID!, $u: ID!) { completionHistory(activityId: $a, userId: $u) { cause oldState"
                + " newState actorId changedAt } }", "a", activity, "u", student.id()).getList("completionHistory")
                .stream().map(o -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = (Map<String, Object>) o;
                    return m.get("cause") + ":" + CompletionState.valueOf((String) m.get("oldState")).moodleValue() + "->"
                            + CompletionState.valueOf((String) m.get("newState")).moodleValue();
                }).toList();
    }
}

package org.activitycompletion.completion;

import io.restassured.path.json.JsonPath;
import org.activitycompletion.support.Fixtures;
import org.activitycompletion.support.Fixtures.Person;
import org.activitycompletion.support.Gql;

/** A course with a teacher and two students, and the learning events as one-liners. */
final class Learning {

    static final String COMPLETION = "activityId userId state completedAt viewed overriddenBy tracking isAutomatic"
            + " isTrackedUser isOverallComplete conditions { rule status description }";

    final String course;
    final Person teacher;
    final Person alice;
    final Person bob;

    Learning(boolean enableCompletion) {
        course = Fixtures.course(enableCompletion);
        teacher = Fixtures.enrolled(course, "TEACHER");
        alice = Fixtures.enrolled(course, "STUDENT");
        bob = Fixtures.enrolled(course, "STUDENT");
    }

    Learning() {
        this(true);
    }

    String activity(String modName, String completion) {
        return Fixtures.activity(course, modName, completion);
    }

    JsonPath view(Person who, String activity) {
        return who.gql().ok("mutation($a: ID!) { recordView(activityId: $a) { " + COMPLETION + " } }", "a", activity)
                .setRootPath("data.recordView");
    }

    JsonPath grade(String activity, Person student, Double grade) {
        return teacher.gql().ok("mutation($a: ID!, $u: ID!, $g: Float) { setGrade(activityId: $a, userId: $u, grade: $g) { "
                + COMPLETION + " } }", "a", activity, "u", student.id(), "g", grade).setRootPath("data.setGrade");
    }

    String discussion(Person who, String forum) {
        return who.gql().ok("mutation($a: ID!) { addForumDiscussion(activityId: $a, subject: \"Hello\", message: \"Hi all\")"
                + " { id } }", "a", forum).getString("addForumDiscussion.id");
    }

    String reply(Person who, String parent) {
        return who.gql().ok("mutation($p: ID!) { addForumReply(parentPostId: $p, message: \"Agreed\") { id } }", "p", parent)
                .getString("addForumReply.id");
    }

    void deletePost(Person who, String post) {
        who.gql().ok("mutation($p: ID!) { deleteForumPost(postId: $p) }", "p", post);
    }

    JsonPath tick(Person who, String activity, boolean done) {
        return who.gql().ok("mutation($a: ID!, $d: Boolean!) { setManualCompletion(activityId: $a, completed: $d) { "
                + COMPLETION + " } }", "a", activity, "d", done).setRootPath("data.setManualCompletion");
    }

    JsonPath override(Person student, String activity, String state) {
        return teacher.gql().ok("mutation($a: ID!, $u: ID!, $s: CompletionState!) { overrideCompletion(activityId: $a,"
                + " userId: $u, state: $s) { " + COMPLETION + " } }", "a", activity, "u", student.id(), "s", state)
                .setRootPath("data.overrideCompletion");
    }

    /** The student's completion of one activity, read back as the teacher. */
    JsonPath completion(Person student, String activity) {
        return teacher.gql().ok("query($a: ID!, $u: ID!) { activity(id: $a) { completion(userId: $u) { " + COMPLETION
                + " } } }", "a", activity, "u", student.id()).setRootPath("data.activity.completion");
    }

    String state(Person student, String activity) {
        return completion(student, activity).getString("state");
    }

    JsonPath statuses(Gql caller, Person student) {
        return caller.ok("query($c: ID!, $u: ID!) { activitiesCompletionStatus(courseId: $c, userId: $u) { statuses { "
                + COMPLETION + " } warnings { warningCode } } }", "c", course, "u", student.id())
                .setRootPath("data.activitiesCompletionStatus");
    }

    Double progress(Person student) {
        Object value = student.gql().ok("query($c: ID!) { course(id: $c) { progress } }", "c", course)
                .get("course.progress");
        return value == null ? null : ((Number) value).doubleValue();
    }
}

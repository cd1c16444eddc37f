package org.activitycompletion.support;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds test data through the public API, as the site admin. Names are unique per run. */
public final class Fixtures {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final AtomicInteger SEQ = new AtomicInteger();

    private Fixtures() {
    }

    /** A user and their API token. */
    public record Person(String id, String username, String token) {
        public Gql gql() {
            return Gql.as(token);
        }
    }

    public static final String ADMIN = Gql.ADMIN_TOKEN;

    public static String unique(String prefix) {
        return prefix + "-" + RUN + "-" + SEQ.incrementAndGet();
    }

    public static Person person(String prefix) {
        String username = unique(prefix);
        String id = Gql.admin().ok("mutation($u: String!) { createUser(username: $u, fullName: \"Test Person\") { id } }",
                "u", username).getString("createUser.id");
        String token = Gql.admin().ok("mutation($id: ID!) { issueToken(userId: $id) }", "id", id)
                .getString("issueToken");
        return new Person(id, username, token);
    }

    public static String course(boolean enableCompletion) {
        return Gql.admin().ok("mutation($s: String!, $e: Boolean!) { createCourse(shortName: $s, fullName: \"Test course\","
                + " enableCompletion: $e) { id } }", "s", unique("C"), "e", enableCompletion).getString("createCourse.id");
    }

    public static Person enrolled(String courseId, String role) {
        Person person = person(role.toLowerCase());
        enrol(courseId, person.id(), role);
        return person;
    }

    public static void enrol(String courseId, String userId, String role) {
        Gql.admin().ok("mutation($c: ID!, $u: ID!, $r: CourseRole!) { enrol(courseId: $c, userId: $u, role: $r) { role } }",
                "c", courseId, "u", userId, "r", role);
    }

    /** Creates an activity; {@code completion} is a CompletionSettingsInput literal. */
    public static String activity(String courseId, String modName, String completion) {
        return Gql.admin().ok("mutation($c: ID!, $m: String!) { createActivity(courseId: $c, modName: $m, name: \"Act\","
                + " completion: " + completion + ") { id } }", "c", courseId, "m", modName).getString("createActivity.id");
    }
}

package org.activitycompletion;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import org.activitycompletion.support.EmbeddedPostgresResource;
import org.activitycompletion.support.Fixtures;
import org.activitycompletion.support.Fixtures.Person;
import org.activitycompletion.support.Gql;
import org.activitycompletion.support.GraphQLSocket;
import org.junit.jupiter.api.Test;

/**
 * The packaged artifact (the jar; the native executable with {@code ./mvnw verify -Dnative},
 * docs/native.md), started by Quarkus against a real PostgreSQL: schema, administration, a view
 * that completes, Moodle WS, a subscription over WebSocket.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class PackagedIT {

    @Test
    void servesTheSchemaAndHealth() {
        String schema = given().get("/graphql/schema.graphql").then().statusCode(200).extract().asString();
        assertTrue(schema.contains("activitiesCompletionStatus(courseId: ID!, userId: ID!): ActivitiesCompletionStatus!"),
                schema);
        assertTrue(schema.contains("courseCompletionReport(after: String, courseId: ID!, first: Int = 50): CompletionReport!"),
                schema);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/graphql-ui/").then().statusCode(200);
    }

    /** An operator reads a WARN as something to act on: a normal start logs none. */
    @Test
    void startsWithoutWarnings() throws IOException {
        List<String> log = Files.readAllLines(Path.of("target/quarkus.log"));
        int started = log.stream().filter(line -> line.contains(" started in ")).findFirst().map(log::indexOf)
                .orElseThrow(() -> new AssertionError("no start in target/quarkus.log: " + log));
        assertEquals(List.of(), log.subList(0, started).stream()
                .filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")).toList());
    }

    @Test
    void adminFlowThenAViewCompletes() {
        String course = Fixtures.course(true);
        Person alice = Fixtures.enrolled(course, "STUDENT");
        String page = Fixtures.activity(course, "page", "{tracking: AUTOMATIC, requireView: true}");
        assertEquals("COMPLETE", alice.gql().ok("mutation($a: ID!) { recordView(activityId: $a) { state } }", "a", page)
                .getString("recordView.state"));
        assertEquals(100f, alice.gql().ok("query($c: ID!) { course(id: $c) { progress } }", "c", course)
                .getFloat("course.progress"));
        assertEquals("UNAUTHENTICATED", Gql.anonymous().errorCode("{ me { id } }"));
        // Int and Float refuse numeric strings (StrictNumbers, put in place as SmallRye builds the schema)
        assertEquals("INVALID_ARGUMENT", alice.gql().errorCode(
                "query($c: ID!) { courseCompletionReport(courseId: $c, first: \"10\") { hasNextPage } }", "c", course));
        assertEquals("INVALID_ARGUMENT", alice.gql().errorCode(
                "query($c: ID!, $n: Int) { courseCompletionReport(courseId: $c, first: $n) { hasNextPage } }",
                "c", course, "n", "10"));
    }

    @Test
    void moodleStatusCall() {
        String course = Fixtures.course(true);
        Person alice = Fixtures.enrolled(course, "STUDENT");
        String label = Fixtures.activity(course, "label", "{tracking: MANUAL}");
        String body = given().queryParam("wstoken", alice.token())
                .queryParam("wsfunction", "core_completion_get_activities_completion_status")
                .queryParam("moodlewsrestformat", "json")
                .queryParam("courseid", course).queryParam("userid", alice.id())
                .get("/webservice/rest/server.php").then().statusCode(200).extract().asString();
        assertTrue(body.startsWith("{\"statuses\":[{\"cmid\":" + label + ",\"modname\":\"label\","), body);
    }

    /**
     * completionChanged over WebSocket (graphql-transport-ws): the view's change reaches the
     * subscriber. The protocol does not acknowledge a subscription, so a manual tick is toggled
     * until one of its changes arrives; then the view's change must be the next one after the last tick's.
     */
    @Test
    void subscriptionOverWebSocket() throws Exception {
        String course = Fixtures.course(true);
        Person alice = Fixtures.enrolled(course, "STUDENT");
        String page = Fixtures.activity(course, "page", "{tracking: AUTOMATIC, requireView: true}");
        String label = Fixtures.activity(course, "label", "{tracking: MANUAL}");
        String tick = "mutation($a: ID!, $d: Boolean!) { setManualCompletion(activityId: $a, completed: $d) { state } }";
        try (GraphQLSocket socket = GraphQLSocket.withHeader(URI.create("ws://localhost:" + RestAssured.port + "/graphql"),
                alice.token()).subscribe("subscription($c: ID!) { completionChanged(courseId: $c) { activityId userId state } }",
                        Map.of("c", course))) {
            boolean completed = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String frame = null;
            while (frame == null) {
                assertTrue(System.nanoTime() < deadline, "the subscription never delivered");
                completed = !completed;
                alice.gql().ok(tick, "a", label, "d", completed);
                frame = socket.frames.poll(200, TimeUnit.MILLISECONDS);
            }
            alice.gql().ok("mutation($a: ID!) { recordView(activityId: $a) { state } }", "a", page);
            do {
                frame = socket.next();
            } while (frame.contains("\"activityId\":\"" + label + "\""));
            assertTrue(frame.contains("\"activityId\":\"" + page + "\"") && frame.contains("\"userId\":\"" + alice.id()
                    + "\"") && frame.contains("COMPLETE"), frame);
        }
    }
}

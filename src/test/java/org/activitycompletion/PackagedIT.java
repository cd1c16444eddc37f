package org.activitycompletion;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import org.activitycompletion.support.EmbeddedPostgresResource;
import org.activitycompletion.support.Fixtures;
import org.activitycompletion.support.Fixtures.Person;
import org.activitycompletion.support.Gql;
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

    /** completionChanged over WebSocket (graphql-transport-ws): the view's change reaches the subscriber. */
    @Test
    void subscriptionOverWebSocket() throws Exception {
        String course = Fixtures.course(true);
        Person alice = Fixtures.enrolled(course, "STUDENT");
        String page = Fixtures.activity(course, "page", "{tracking: AUTOMATIC, requireView: true}");
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + alice.token())
                .subprotocols("graphql-transport-ws")
                .buildAsync(URI.create("ws://localhost:" + RestAssured.port + "/graphql"), new WebSocket.Listener() {
                    final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            frames.add(partial.toString());
                            partial.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        try {
            socket.sendText("{\"type\":\"connection_init\",\"payload\":{}}", true).get();
            String ack = frames.poll(10, TimeUnit.SECONDS);
            assertTrue(ack != null && ack.contains("connection_ack"), String.valueOf(ack));
            socket.sendText("{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{\"query\":\"subscription { completionChanged(courseId: \\\""
                    + course + "\\\") { userId state } }\"}}", true).get();
            Thread.sleep(300); // the subscription is registered asynchronously
            alice.gql().ok("mutation($a: ID!) { recordView(activityId: $a) { state } }", "a", page);
            String change = frames.poll(10, TimeUnit.SECONDS);
            assertTrue(change != null && change.contains("\"userId\":\"" + alice.id() + "\"") && change.contains("COMPLETE"),
                    String.valueOf(change));
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
        }
    }
}

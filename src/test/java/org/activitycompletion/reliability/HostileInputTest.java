package org.activitycompletion.reliability;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import graphql.introspection.IntrospectionQuery;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.activitycompletion.support.Db;
import org.activitycompletion.support.EmbeddedPostgresResource;
import org.activitycompletion.support.Fixtures;
import org.activitycompletion.support.Fixtures.Person;
import org.activitycompletion.support.Gql;
import org.junit.jupiter.api.Test;

/** Limits, token revocation, and a seeded fuzz run of hostile requests through GraphQL and Moodle WS. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class HostileInputTest {

    @Inject
    DataSource dataSource;

    @Test
    void graphiqlIntrospectionStillWorks() {
        assertNull(Gql.anonymous().run(IntrospectionQuery.INTROSPECTION_QUERY).get("errors"));
    }

    @Test
    void deepAndWideQueriesAreRejected() throws Exception {
        String deep = "{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType"
                + " { ofType { ofType { ofType { ofType { name } } } } } } } } } } } } } } } }";
        assertEquals("INVALID_ARGUMENT", Gql.admin().errorCode(deep));
        StringBuilder wide = new StringBuilder("{");
        for (int i = 0; i < 1200; i++) {
            wide.append(" a").append(i).append(": me { id }");
        }
        assertEquals("INVALID_ARGUMENT", Gql.admin().errorCode(wide.append(" }").toString()));
        assertEquals(413, postWithExpectContinue(300_000).statusCode(), "bodies over the limit are refused before they are sent");
        HttpResponse<String> read = postWithExpectContinue(200_000);
        assertEquals(400, read.statusCode(), "a body under the limit is read, and its query refused as unparsable");
        assertTrue(read.body().contains("INVALID_ARGUMENT"), read.body());
        given().get("/q/health/ready").then().statusCode(200);
    }

    @TestHTTPResource("/graphql")
    URI graphql;

    /**
     * The HTTP status of a GraphQL request of about {@code size} bytes sent with {@code Expect:
     * 100-continue}: the client sends the body only after the server has asked for it, so a
     * refusal is the server's answer, never a connection dropped under an upload.
     */
    HttpResponse<String> postWithExpectContinue(int size) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(graphql).expectContinue(true).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"" + "x".repeat(size) + "\"}")).build();
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Request bodies that are not a GraphQL request: 400, a code, nothing written (SmallRye alone answered 500 for some). */
    @Test
    void malformedRequestBodiesGetACode() {
        String course = Fixtures.course(true);
        Person student = Fixtures.enrolled(course, "STUDENT");
        String label = Fixtures.activity(course, "label", "{tracking: MANUAL}");
        String tick = "mutation { setManualCompletion(activityId: " + label + ", completed: true) { state } }";
        Map<String, String> before = Db.fingerprint(dataSource);
        String[] bodies = {"", "{not json", "[]", "null", "\"query\"", "{\"query\": 5}", "{\"variables\": {}}",
            "{\"query\": \"" + tick + "\", \"variables\": \"x\"}", "{\"query\": \"" + tick + "\", \"variables\": [1]}",
            "{\"query\": \"" + tick + "\", \"operationName\": 5}", "{\"query\": \"" + tick + "\", \"extensions\": 1}",
            "{\"query\": \"" + tick + "\"} {\"query\": \"" + tick + "\"}", "{\"query\": \"" + tick + "\"",
            "{\"query\": \"" + tick + "\", \"variables\": " + "[".repeat(2000) + "]".repeat(2000) + "}"};
        for (String body : bodies) {
            Response response = given().contentType(ContentType.JSON).header("Authorization", "Bearer " + student.token())
                    .body(body).post("/graphql");
            String shown = body.substring(0, Math.min(80, body.length()));
            assertEquals(400, response.statusCode(), shown);
            assertEquals("INVALID_ARGUMENT", response.jsonPath().getString("errors[0].extensions.code"), shown);
            assertTrue(response.jsonPath().getString("errors[0].message").endsWith("."), shown);
        }
        assertEquals(before, Db.fingerprint(dataSource), "no malformed request wrote anything");
        // Still accepted: nulls, raw line breaks and tabs in strings (Java text blocks), whitespace after the
        // object, a body that is the query itself.
        for (String body : new String[] {"{\"query\": \"{\n\t__typename }\", \"variables\": null, \"operationName\": null,"
                + " \"extensions\": {\"x\": [1]}}\n", "{\"query\": \"query Q { __typename }\", \"operationName\": \"Q\"}"}) {
            assertEquals("Query", given().contentType(ContentType.JSON).body(body).post("/graphql")
                    .then().statusCode(200).extract().jsonPath().getString("data.__typename"), body);
        }
        assertEquals("Query", given().contentType("application/graphql").body("{ __typename }".getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/graphql")
                .then().statusCode(200).extract().jsonPath().getString("data.__typename"));
        assertEquals("COMPLETE", given().contentType(ContentType.JSON).header("Authorization", "Bearer " + student.token())
                .body(Map.of("query", tick)).post("/graphql").jsonPath().getString("data.setManualCompletion.state"));
    }

    @Test
    void limitsRememberedPerOperationStillDependOnVariables() {
        // The same document is shallow or too deep depending on a variable; the limit checks are
        // remembered per (operation, variables), so a pass with one value must not let the other in.
        String document = "query($deep: Boolean!) { __schema { types { name fields @include(if: $deep) { type { ofType"
                + " { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name }"
                + " } } } } } } } } } } } } } } }";
        for (int round = 0; round < 2; round++) {
            assertNull(Gql.admin().run(document, "deep", false).get("errors"), "shallow passes, round " + round);
            assertEquals("INVALID_ARGUMENT", Gql.admin().errorCode(document, "deep", true), "deep fails, round " + round);
        }
    }

    @Test
    void revokedTokensStopWorkingAtOnce() {
        String course = Fixtures.course(true);
        Person alice = Fixtures.enrolled(course, "STUDENT");
        String second = Gql.admin().ok("mutation($u: ID!) { issueToken(userId: $u) }", "u", alice.id()).getString("issueToken");
        assertEquals(alice.id(), alice.gql().ok("{ me { id } }").getString("me.id")); // cached now
        assertEquals("NOT_FOUND", Gql.as(second).errorCode("mutation($t: String!) { revokeToken(token: $t) }",
                "t", Fixtures.person("other").token()), "someone else's token cannot be revoked");
        assertTrue(alice.gql().ok("mutation($t: String!) { revokeToken(token: $t) }", "t", alice.token())
                .getBoolean("revokeToken"));
        assertEquals("UNAUTHENTICATED", alice.gql().errorCode("{ me { id } }"));
        String ws = given().queryParam("wstoken", alice.token()).queryParam("wsfunction", "core_webservice_get_site_info")
                .queryParam("moodlewsrestformat", "json").get("/webservice/rest/server.php").asString();
        assertTrue(ws.contains("invalidtoken"), ws);
        assertEquals(alice.id(), Gql.as(second).ok("{ me { id } }").getString("me.id"), "other tokens still work");
        assertEquals(1, Gql.admin().ok("mutation($u: ID!) { revokeTokens(userId: $u) }", "u", alice.id())
                .getInt("revokeTokens"));
        assertEquals("UNAUTHENTICATED", Gql.as(second).errorCode("{ me { id } }"));
    }

    static final String[] NASTY = {"'; drop table app_user; --", "\" or 1=1 --", "<script>alert(1)</script>",
        "${jndi:ldap://127.0.0.1/x}", "\u0000", "../../etc/passwd", "%00", "𝕏".repeat(50), "NaN", "-1", "1e309",
        "99999999999999999999999", "", " ", "null", "{}", "[]", "\\", "x".repeat(5000)};
    /** Grades no activity accepts (negative, over the maximum, not finite, not numbers). */
    static final String[] BAD_GRADES = {"-1", "-0.001", "100.01", "1e309", "-1e309", "99999999999999999999999",
        "\"NaN\"", "\"Infinity\"", "true", "[1]", "{a: 1}"}; // (SmallRye reads "12" as the number 12)
    /** Ids that name no user. */
    static final String[] BAD_IDS = {"-1", "0", "1e309", "99999999999999999999999", "3.5", "\"NaN\"", "true", "null",
        "[1]", "{a: 1}", "\"abc\""};
    static final String[] DOCUMENTS = {"{", "}", "{ me { id", "query { me { nope } }", "mutation { createCourse }",
        "subscription { x }", "{ __typename @skip }", "fragment F on Nope { x } { me { ...F } }", "{ me(id: 1) { id } }",
        "query($x: Int!) { me { id } }", "{ ...on Query { me { id } } }", "{ course(id: ) { id } }"};

    /**
     * 1,200 hostile requests from a fixed seed: random documents, wrong types, huge and
     * non-finite numbers, negative grades, unknown enums, injection strings; through GraphQL
     * (as a student and as the site admin) and the Moodle endpoint. None may answer 5xx, show
     * a stack trace or SQL, or write anything.
     */
    @Test
    void fuzz() {
        String course = Fixtures.course(true);
        Person student = Fixtures.enrolled(course, "STUDENT");
        String assign = Fixtures.activity(course, "assign", "{tracking: AUTOMATIC, requireGrade: true}");
        String label = Fixtures.activity(course, "label", "{tracking: MANUAL}");
        Map<String, String> before = Db.fingerprint(dataSource);
        Random random = new Random(20261123);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            String nasty = NASTY[random.nextInt(NASTY.length)];
            String badGrade = BAD_GRADES[random.nextInt(BAD_GRADES.length)];
            String badId = BAD_IDS[random.nextInt(BAD_IDS.length)];
            Response response;
            switch (i % 8) {
                case 0 -> response = graphql(student.token(), DOCUMENTS[random.nextInt(DOCUMENTS.length)], Map.of());
                case 1 -> response = graphql(Fixtures.ADMIN, randomDocument(random), Map.of());
                case 2 -> response = graphql(Fixtures.ADMIN, "mutation { setGrade(activityId: " + assign + ", userId: "
                        + student.id() + ", grade: " + (random.nextBoolean() ? "-" + (1 + random.nextInt(1000)) : badGrade)
                        + ") { state } }", Map.of());
                case 3 -> response = graphql(Fixtures.ADMIN, "mutation($u: String!, $f: String!) { createUser(username: $u,"
                        + " fullName: $f) { id } }", Map.of("u", nasty.isBlank() ? "Bad Name" : nasty + "!", "f", nasty));
                case 4 -> response = graphql(student.token(), "mutation($a: ID!, $s: CompletionState!) {"
                        + " overrideCompletion(activityId: $a, userId: " + student.id() + ", state: $s) { state } }",
                        Map.of("a", random.nextBoolean() ? nasty : label, "s", random.nextBoolean() ? nasty : "COMPLETE"));
                case 5 -> response = graphql(Fixtures.ADMIN, "mutation { enrol(courseId: " + course + ", userId: "
                        + badId + ", role: " + (random.nextBoolean() ? "OWNER" : "STUDENT") + ") { role } }", Map.of());
                case 6 -> response = moodle(student.token(), random.nextBoolean()
                        ? "core_completion_update_activity_completion_status_manually" : nasty,
                        Map.of("cmid", random.nextBoolean() ? nasty : assign, "completed", nasty));
                default -> response = moodle(random.nextBoolean() ? student.token() : nasty,
                        "core_completion_get_activities_completion_status",
                        Map.of("courseid", badId, "userid[" + nasty + "]", nasty, "options[0][", "x"));
            }
            String body = response.asString();
            if (response.statusCode() >= 500) {
                problems.add("HTTP " + response.statusCode() + " for request " + i);
            }
            for (String leak : new String[] {"\tat ", "at org.", "at java.", "java.lang.", "org.hibernate", "org.postgresql",
                "SQLState", "syntax error at or near", "insert into", "select "}) {
                if (body.contains(leak)) {
                    problems.add("request " + i + " leaks '" + leak.strip() + "': "
                            + body.substring(0, Math.min(300, body.length())));
                }
            }
        }
        System.out.println("reliability: fuzz sent 1200 hostile requests, problems " + problems.size());
        assertEquals(List.of(), problems);
        assertEquals(before, Db.fingerprint(dataSource), "no hostile request wrote anything");
    }

    static String randomDocument(Random random) {
        String[] tokens = {"{", "}", "(", ")", "me", "id", "course", "activity", "mutation", "query", ":", "$x", "1", "\"s\"",
            "...", "on", "@include", "[", "]", "!", "=", "createUser", "deleteActivity", "activityId", "__schema"};
        StringBuilder doc = new StringBuilder();
        int length = 1 + random.nextInt(40);
        for (int i = 0; i < length; i++) {
            doc.append(tokens[random.nextInt(tokens.length)]).append(' ');
        }
        return doc.toString();
    }

    static Response graphql(String token, String document, Map<String, Object> variables) {
        Map<String, Object> body = new HashMap<>();
        body.put("query", document);
        body.put("variables", variables);
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token).body(body).post("/graphql");
    }

    static Response moodle(String token, String function, Map<String, String> args) {
        Map<String, Object> params = new HashMap<>(args);
        params.put("wstoken", token);
        params.put("wsfunction", function);
        params.put("moodlewsrestformat", "json");
        return given().formParams(params).post("/webservice/rest/server.php");
    }
}

package org.activitycompletion.graphql.fastpath;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.activitycompletion.support.EmbeddedPostgresResource;
import org.activitycompletion.support.Fixtures;
import org.activitycompletion.support.Fixtures.Person;
import org.activitycompletion.support.Gql;
import org.junit.jupiter.api.Test;

/**
 * GraphQL POSTs answered by {@link GraphQLPost} carry the same status, content type and bytes as
 * Quarkus' own handler gives, and what it does not handle still reaches Quarkus' handler.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class GraphQLPostTest {

    private static final String NAME = "Zoë \"the \\ one\"\n\t😀 \u0001";

    private static RequestSpecification post(String token, String body) {
        return given().header("Authorization", "Bearer " + token).contentType("application/json")
                .body(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String json(String query, Map<String, Object> variables) {
        return "{\"query\":" + quoted(query) + ",\"variables\":{" + variables.entrySet().stream()
                .map(e -> quoted(e.getKey()) + ":" + quoted(String.valueOf(e.getValue())))
                .reduce((a, b) -> a + "," + b).orElse("") + "}}";
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    @Test
    void answersWithTheBytesQuarkusWrites() {
        String course = Fixtures.course(true);
        Person teacher = Fixtures.enrolled(course, "TEACHER");
        String zoe = Gql.admin().ok("mutation($u: String!, $n: String!) { createUser(username: $u, fullName: $n) { id } }",
                "u", Fixtures.unique("zoe"), "n", NAME).getString("createUser.id");
        Fixtures.enrol(course, zoe, "STUDENT");
        Fixtures.enrolled(course, "STUDENT");
        for (int i = 0; i < 3; i++) {
            Fixtures.activity(course, "page", "{tracking: AUTOMATIC, requireView: true}");
        }
        // The report (names, progress, states), a failing field (an error beside the data) and an Int.
        String body = json("query($c: ID!) { courseCompletionReport(courseId: $c, first: 10) { rows { user { id fullName }"
                + " progress completions { state completedAt } } endCursor hasNextPage }"
                + " missing: course(id: \"999999999\") { id } total: courseCompletionReport(courseId: $c, first: 1) {"
                + " rows { completions { state } } } }", Map.of("c", course));

        Response direct = post(teacher.token(), body).post("/graphql");
        // A query parameter sends the same request on to Quarkus' handler, which ignores it (POST
        // query parameters are off): the reference answer.
        Response quarkus = post(teacher.token(), body).queryParam("operationName", "").post("/graphql");

        assertEquals(200, direct.statusCode());
        assertEquals(quarkus.statusCode(), direct.statusCode());
        assertEquals("application/graphql-response+json; charset=UTF-8", direct.contentType());
        assertEquals(quarkus.contentType(), direct.contentType());
        assertArrayEquals(quarkus.asByteArray(), direct.asByteArray());
        JsonPath answer = direct.jsonPath();
        assertEquals(NAME, answer.getString("data.courseCompletionReport.rows.find { it.user.id == '" + zoe + "' }.user.fullName"));
        assertEquals("NOT_FOUND", answer.getString("errors[0].extensions.code"));
        assertNull(answer.get("data.missing"));
    }

    @Test
    void acceptHeadersAreHonouredAsQuarkusHonoursThem() {
        String body = "{\"query\":\"{ __typename }\"}";
        assertEquals("application/json", given().contentType("application/json").accept("application/json").body(body)
                .post("/graphql").then().statusCode(200).extract().contentType());
        assertEquals("application/graphql-response+json; charset=UTF-8", given().contentType("application/json")
                .accept("*/*").body(body).post("/graphql").then().statusCode(200).extract().contentType());
        assertEquals("application/graphql+json;charset=utf-8", given().contentType("application/json")
                .accept("text/html, application/graphql+json;charset=utf-8").body(body).post("/graphql").then()
                .statusCode(200).extract().contentType());
        given().contentType("application/json").accept("text/html").body(body).post("/graphql").then().statusCode(406);

        // Another charset: Quarkus' handler encodes the answer in it.
        Response latin = post(Gql.ADMIN_TOKEN, json("mutation($u: String!) { createUser(username: $u, fullName: \"Zoë\")"
                + " { fullName } }", Map.of("u", Fixtures.unique("latin")))).accept("application/json; charset=ISO-8859-1")
                .post("/graphql");
        assertEquals(200, latin.statusCode());
        assertEquals("{\"data\":{\"createUser\":{\"fullName\":\"Zoë\"}}}", new String(latin.asByteArray(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void rawBreaksAreDeletedAndOtherRawControlCharactersAreRefused() {
        Response broken = given().contentType("application/json").body("{\"query\":\n\t\"{\n\t__typename\r\n}\"}")
                .post("/graphql");
        assertEquals(200, broken.statusCode());
        assertEquals("Query", broken.jsonPath().getString("data.__typename"));

        // Readable to the envelope check, not to JSON-P: a clear 400, where Quarkus' handler says
        // "Unparseable request" with no code.
        Response control = given().contentType("application/json").body("{\"query\":\"{ __typename \u0001}\"}")
                .post("/graphql");
        assertEquals(400, control.statusCode());
        assertEquals("INVALID_ARGUMENT", control.jsonPath().getString("errors[0].extensions.code"));
        assertTrue(control.jsonPath().getString("errors[0].message").contains("not valid JSON"));
    }
}

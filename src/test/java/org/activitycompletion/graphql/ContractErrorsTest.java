package org.activitycompletion.graphql;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.activitycompletion.support.EmbeddedPostgresResource;
import org.activitycompletion.support.Fixtures;
import org.activitycompletion.support.Gql;
import org.junit.jupiter.api.Test;

/**
 * Every error a client can get from {@code POST /graphql} carries one of the contract's codes in
 * {@code extensions.code}, and nothing else in {@code extensions}: no graphql-java classification
 * ("DataFetchingException", "ValidationError") and no exception class.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class ContractErrorsTest {

    /** Queries that are not GraphQL documents: SmallRye alone answered "Unparseable input document" without a code. */
    @Test
    void aQueryThatIsNotAGraphQLDocumentIsAnInvalidArgument() {
        for (String query : new String[] {"{ me { id }", "hello", "{ me { id } } }", "query {", "# only a comment",
            "   ", "", "{ course(id: ) { id } }", "mutation { createUser(username: \"x\" fullName: ) { id } }"}) {
            Response response = given().contentType(ContentType.JSON).header("Authorization", "Bearer " + Fixtures.ADMIN)
                    .body(Map.of("query", query)).post("/graphql");
            assertRefused(response, "JSON body with query [" + query + "]");
        }
    }

    /** A bare {@code application/graphql} body: garbage was "Unparseable input document", an empty one a 500. */
    @Test
    void aBareDocumentThatIsNotGraphQLIsAnInvalidArgument() {
        for (String body : new String[] {"", "{not graphql", "[]", "{\"query\": \"{ me { id } }\"}", "# nothing"}) {
            Response response = given().contentType("application/graphql")
                    .header("Authorization", "Bearer " + Fixtures.ADMIN)
                    .body(body.getBytes(StandardCharsets.UTF_8)).post("/graphql");
            assertRefused(response, "application/graphql body [" + body + "]");
        }
    }

    /** What parses still runs: escaped line breaks end a comment, raw ones are deleted as Quarkus deletes them. */
    @Test
    void documentsThatParseStillRun() {
        for (String body : new String[] {"{\"query\": \"# a comment\\n{ __typename }\"}",
            "{\"query\": \"query Q\n{\t__typename }\", \"operationName\": \"Q\"}",
            "{\"query\": \"{ __typename }\", \"variables\": {}}"}) {
            assertEquals("Query", given().contentType(ContentType.JSON).body(body).post("/graphql")
                    .then().statusCode(200).extract().jsonPath().getString("data.__typename"), body);
        }
        assertEquals("Query", given().contentType("application/graphql")
                .body("{\n  __typename\n}".getBytes(StandardCharsets.UTF_8)).post("/graphql")
                .then().statusCode(200).extract().jsonPath().getString("data.__typename"));
    }

    /** Errors raised while fetching, validating or coercing carry the code alone. */
    @Test
    void executionErrorsCarryTheCodeAndNoClassification() {
        Map<String, String> documents = Map.of(
                "{ course(id: 999999999) { id } }", "NOT_FOUND",
                "{ nope }", "INVALID_ARGUMENT",
                "query A { me { id } } query B { me { id } }", "INVALID_ARGUMENT",
                "{ me(id: 1) { id } }", "INVALID_ARGUMENT");
        for (Map.Entry<String, String> document : documents.entrySet()) {
            Response response = given().contentType(ContentType.JSON).header("Authorization", "Bearer " + Fixtures.ADMIN)
                    .body(Map.of("query", document.getKey())).post("/graphql");
            assertEquals(200, response.statusCode(), document.getKey());
            assertEquals(Map.of("code", document.getValue()), response.jsonPath().getMap("errors[0].extensions"),
                    document.getKey() + ": " + response.asString());
        }
        Response anonymous = given().contentType(ContentType.JSON).body(Map.of("query", "{ me { id } }")).post("/graphql");
        assertEquals(Map.of("code", "UNAUTHENTICATED"), anonymous.jsonPath().getMap("errors[0].extensions"),
                anonymous.asString());
        assertFalse(Gql.admin().run("{ course(id: 999999999) { id } }").prettify().contains("classification"));
    }

    private static void assertRefused(Response response, String shown) {
        String body = response.asString();
        assertEquals(400, response.statusCode(), shown + ": " + body);
        List<Map<String, Object>> errors = response.jsonPath().getList("errors");
        assertEquals(1, errors.size(), shown + ": " + body);
        assertEquals(Map.of("code", "INVALID_ARGUMENT"), errors.get(0).get("extensions"), shown + ": " + body);
        String message = (String) errors.get(0).get("message");
        assertTrue(message.endsWith("."), shown + ": " + message);
        assertFalse(body.contains("classification") || body.contains("Exception") || body.contains("Unparseable"),
                shown + ": " + body);
    }
}

package org.activitycompletion.support;

import static io.restassured.RestAssured.given;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** A GraphQL client for tests: POST /graphql with an optional bearer token. */
public final class Gql {

    public static final String ADMIN_TOKEN = "test-admin-token";

    private final String token;

    private Gql(String token) {
        this.token = token;
    }

    public static Gql as(String token) {
        return new Gql(token);
    }

    public static Gql admin() {
        return new Gql(ADMIN_TOKEN);
    }

    public static Gql anonymous() {
        return new Gql(null);
    }

    /** Runs the document and returns the whole response body; the HTTP status must be 200. */
    public JsonPath run(String document, Object... variables) {
        Map<String, Object> vars = new HashMap<>();
        for (int i = 0; i < variables.length; i += 2) {
            vars.put((String) variables[i], variables[i + 1]);
        }
        Map<String, Object> body = new HashMap<>();
        body.put("query", document);
        body.put("variables", vars);
        RequestSpecification request = given().contentType(ContentType.JSON).body(body);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.when().post("/graphql").then().statusCode(200).extract().jsonPath();
    }

    /** Runs the document, asserts it had no errors, and returns {@code data}. */
    public JsonPath ok(String document, Object... variables) {
        JsonPath result = run(document, variables);
        List<Object> errors = result.getList("errors");
        if (errors != null && !errors.isEmpty()) {
            throw new AssertionError("Unexpected errors: " + result.prettify());
        }
        return result.setRootPath("data");
    }

    /** Runs the document and returns the error code of its first error; fails when there is none. */
    public String errorCode(String document, Object... variables) {
        JsonPath result = run(document, variables);
        String code = result.getString("errors[0].extensions.code");
        if (code == null) {
            throw new AssertionError("Expected an error, got: " + result.prettify());
        }
        return code;
    }
}

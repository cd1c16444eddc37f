package org.activitycompletion.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.activitycompletion.support.EmbeddedPostgresResource;
import org.activitycompletion.support.Gql;
import org.junit.jupiter.api.Test;

/**
 * A browser front-end on another origin, with CORS turned on by Quarkus' standard keys for one
 * origin: its preflight and its request are let through, another origin's are refused.
 */
@QuarkusTest
@TestProfile(CorsTest.OneOrigin.class)
@QuarkusTestResource(EmbeddedPostgresResource.class)
class CorsTest {

    static final String APP = "https://app.example.org";
    static final String OTHER = "https://elsewhere.example.net";

    public static class OneOrigin implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.cors.enabled", "true", "quarkus.http.cors.origins", APP);
        }
    }

    /** The browser's preflight before a GraphQL POST with a bearer token. */
    static ValidatableResponse preflight(String origin) {
        return given().header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .when().options("/graphql").then();
    }

    /** The GraphQL POST itself, as the browser sends it from the origin. */
    static ValidatableResponse request(String origin) {
        return given().header("Origin", origin).header("Authorization", "Bearer " + Gql.ADMIN_TOKEN)
                .contentType(ContentType.JSON).body("{\"query\":\"{ me { username } }\"}")
                .when().post("/graphql").then();
    }

    @Test
    void preflightFromTheAllowedOriginIsAnswered() {
        preflight(APP).statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(APP))
                .header("Access-Control-Allow-Methods", containsStringIgnoringCase("POST"))
                .header("Access-Control-Allow-Headers", containsStringIgnoringCase("authorization"));
    }

    @Test
    void requestFromTheAllowedOriginIsServed() {
        request(APP).statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(APP))
                .body("data.me.username", equalTo("admin"));
    }

    @Test
    void preflightFromAnotherOriginIsRefused() {
        preflight(OTHER).statusCode(403).header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void requestFromAnotherOriginIsRefused() {
        request(OTHER).statusCode(403).header("Access-Control-Allow-Origin", nullValue());
    }
}

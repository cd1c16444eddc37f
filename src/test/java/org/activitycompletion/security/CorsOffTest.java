package org.activitycompletion.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.activitycompletion.support.EmbeddedPostgresResource;
import org.activitycompletion.support.Gql;
import org.junit.jupiter.api.Test;

/** Outside dev mode CORS is off until configured: a browser on another origin gets no permission. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class CorsOffTest {

    @Test
    void noOriginIsAllowedByDefault() {
        given().header("Origin", CorsTest.APP)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .when().options("/graphql")
                .then().header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", CorsTest.APP).header("Authorization", "Bearer " + Gql.ADMIN_TOKEN)
                .contentType(ContentType.JSON).body(CorsTest.ME)
                .when().post("/graphql")
                .then().header("Access-Control-Allow-Origin", nullValue());
    }
}

package org.activitycompletion.security;

import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.activitycompletion.support.EmbeddedPostgresResource;
import org.junit.jupiter.api.Test;

/** Outside dev mode CORS is off until configured: a browser on another origin gets no permission. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class CorsOffTest {

    @Test
    void noOriginIsAllowedByDefault() {
        CorsTest.preflight(CorsTest.APP).header("Access-Control-Allow-Origin", nullValue());
        CorsTest.request(CorsTest.APP).statusCode(200).header("Access-Control-Allow-Origin", nullValue());
    }
}

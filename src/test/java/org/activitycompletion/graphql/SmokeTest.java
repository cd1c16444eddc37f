package org.activitycompletion.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.activitycompletion.support.EmbeddedPostgresResource;
import org.activitycompletion.support.Gql;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class SmokeTest {

    @Test
    void adminIsBootstrapped() {
        assertEquals("admin", Gql.admin().ok("{ me { username siteAdmin } }").getString("me.username"));
    }
}

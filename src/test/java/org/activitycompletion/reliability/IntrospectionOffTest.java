package org.activitycompletion.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.activitycompletion.support.EmbeddedPostgresResource;
import org.activitycompletion.support.Gql;
import org.junit.jupiter.api.Test;

/** Introspection stays on for GraphiQL, but an operator can turn it off by configuration. */
@QuarkusTest
@TestProfile(IntrospectionOffTest.NoIntrospection.class)
@QuarkusTestResource(EmbeddedPostgresResource.class)
class IntrospectionOffTest {

    public static class NoIntrospection implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.smallrye-graphql.field-visibility", "no-introspection");
        }
    }

    @Test
    void introspectionCanBeTurnedOff() {
        assertNotNull(Gql.admin().run("{ __schema { types { name } } }").get("errors"));
        assertEquals("admin", Gql.admin().ok("{ me { username } }").getString("me.username"), "queries still work");
    }
}

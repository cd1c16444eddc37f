package org.activitycompletion.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import org.activitycompletion.support.EmbeddedPostgresResource;
import org.activitycompletion.support.Fixtures;
import org.activitycompletion.support.Fixtures.Person;
import org.activitycompletion.support.Gql;
import org.activitycompletion.support.GraphQLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sign-in through an identity provider: JSON Web Tokens signed by a key pair made here, verified by
 * MicroProfile JWT's standard settings, beside the opaque tokens and Moodle's wstoken.
 */
@QuarkusTest
@TestProfile(JwtTest.IdentityProvider.class)
@QuarkusTestResource(EmbeddedPostgresResource.class)
class JwtTest {

    static final String ISSUER = "https://idp.example.org/realms/school";
    static final String ME = "{ me { username } }";

    @TestHTTPResource("/graphql")
    URL graphql;

    final List<GraphQLSocket> sockets = new ArrayList<>();

    /** Open sockets would hold up the application's shutdown. */
    @AfterEach
    void closeSockets() throws Exception {
        for (GraphQLSocket socket : sockets) {
            socket.close();
        }
    }

    /**
     * The identity provider's key pair, made once per test JVM. The profile and the test may be
     * loaded by different class loaders, so the pair is handed over in system properties.
     */
    public static class IdentityProvider implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.jwt.verify.issuer", ISSUER, "mp.jwt.verify.publickey", publicKey());
        }
    }

    static synchronized String publicKey() {
        if (System.getProperty("test.idp.public-key") == null) {
            KeyPair pair = newKeyPair();
            System.setProperty("test.idp.public-key", Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
            System.setProperty("test.idp.private-key", Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
        }
        return System.getProperty("test.idp.public-key");
    }

    static PrivateKey providerKey() {
        publicKey();
        try {
            byte[] encoded = Base64.getDecoder().decode(System.getProperty("test.idp.private-key"));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(encoded));
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token as the identity provider signs it for a signed-in user, valid for five minutes. */
    static JwtClaimsBuilder claimsFor(String username) {
        return Jwt.issuer(ISSUER).subject("idp-user-id-" + username).preferredUserName(username)
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(300));
    }

    @Test
    void theCallerIsTheUserNamedByPreferredUsername() {
        Person alice = Fixtures.person("alice");
        String jwt = claimsFor(alice.username()).sign(providerKey());
        assertEquals(alice.username(), Gql.as(jwt).ok(ME).getString("me.username"));
    }

    @Test
    void preferredUsernameWinsOverTheSubject() {
        Person alice = Fixtures.person("alice");
        Person bob = Fixtures.person("bob");
        String jwt = claimsFor(alice.username()).subject(bob.username()).sign(providerKey());
        assertEquals(alice.username(), Gql.as(jwt).ok(ME).getString("me.username"));
    }

    @Test
    void withoutPreferredUsernameTheSubjectNamesTheUser() {
        Person bob = Fixtures.person("bob");
        String jwt = Jwt.issuer(ISSUER).subject(bob.username()).expiresAt(Instant.now().plusSeconds(300))
                .sign(providerKey());
        assertEquals(bob.username(), Gql.as(jwt).ok(ME).getString("me.username"));
    }

    @Test
    void aTokenSignedByAnotherKeyIsRefused() {
        Person alice = Fixtures.person("alice");
        String forged = claimsFor(alice.username()).sign(newKeyPair().getPrivate());
        assertEquals("UNAUTHENTICATED", Gql.as(forged).errorCode(ME));
    }

    @Test
    void aTokenOfAnotherIssuerIsRefused() {
        Person alice = Fixtures.person("alice");
        String jwt = claimsFor(alice.username()).issuer("https://other-idp.example.com").sign(providerKey());
        assertEquals("UNAUTHENTICATED", Gql.as(jwt).errorCode(ME));
    }

    @Test
    void anExpiredTokenIsRefused() {
        Person alice = Fixtures.person("alice");
        String jwt = claimsFor(alice.username()).issuedAt(Instant.now().minusSeconds(7200))
                .expiresAt(Instant.now().minusSeconds(3600)).sign(providerKey());
        assertEquals("UNAUTHENTICATED", Gql.as(jwt).errorCode(ME));
    }

    @Test
    void aTokenForAnUnknownUserIsRefused() {
        String jwt = claimsFor(Fixtures.unique("nobody")).sign(providerKey());
        assertEquals("UNAUTHENTICATED", Gql.as(jwt).errorCode(ME));
    }

    @Test
    void aRefusalSaysNoMoreThanTheCode() {
        String jwt = claimsFor("admin").issuer("https://other-idp.example.com").sign(providerKey());
        String body = Gql.as(jwt).run(ME).prettify();
        assertTrue(!body.contains("other-idp") && !body.contains("jose4j") && !body.contains("ParseException")
                && !body.contains("\tat "), body);
    }

    @Test
    void rolesStillComeFromEnrolments() {
        String course = Fixtures.course(true);
        Person student = Fixtures.enrolled(course, "STUDENT");
        Person other = Fixtures.enrolled(course, "STUDENT");
        Person teacher = Fixtures.enrolled(course, "TEACHER");
        String status = "query($c: ID!, $u: ID!) { activitiesCompletionStatus(courseId: $c, userId: $u) { warnings { warningCode } } }";
        Gql asStudent = Gql.as(claimsFor(student.username()).sign(providerKey()));
        Gql asTeacher = Gql.as(claimsFor(teacher.username()).sign(providerKey()));
        asStudent.ok(status, "c", course, "u", student.id());
        assertEquals("FORBIDDEN", asStudent.errorCode(status, "c", course, "u", other.id()));
        asTeacher.ok(status, "c", course, "u", other.id());
    }

    @Test
    void opaqueTokensAndMoodleWsTokensKeepWorking() {
        Person carol = Fixtures.person("carol");
        assertEquals(carol.username(), carol.gql().ok(ME).getString("me.username"));
        String siteInfo = given().queryParam("wstoken", carol.token())
                .queryParam("wsfunction", "core_webservice_get_site_info").queryParam("moodlewsrestformat", "json")
                .get("/webservice/rest/server.php").then().statusCode(200).extract().asString();
        assertTrue(siteInfo.contains("\"username\":\"" + carol.username() + "\""), siteInfo);
    }

    /**
     * A browser cannot set headers on a WebSocket: graphql-ws clients send the token in the
     * connection_init payload instead, an identity provider's JWT or an opaque token.
     */
    @Test
    void aWebSocketSignsInWithTheTokenInItsInitPayload() throws Exception {
        String course = Fixtures.course(true);
        Person student = Fixtures.enrolled(course, "STUDENT");
        Person other = Fixtures.enrolled(course, "STUDENT");
        String label = Fixtures.activity(course, "label", "{tracking: MANUAL}");
        String own = "subscription { completionChanged(courseId: " + course + ") { activityId userId state } }";

        String jwt = claimsFor(student.username()).sign(providerKey());
        String change = awaitChange(subscribe(jwt, own), label, student);
        assertTrue(change.contains("\"userId\":\"" + student.id() + "\""), change);
        String changeOpaque = awaitChange(subscribe(other.token(), own), label, other);
        assertTrue(changeOpaque.contains("\"userId\":\"" + other.id() + "\""), changeOpaque);

        // The socket is the student's, not anyone else's: another student's changes are not theirs to follow.
        String refused = next(subscribe(jwt, "subscription { completionChanged(courseId: " + course + ", userId: "
                + other.id() + ") { state } }"));
        assertTrue(refused.contains("\"errors\"") && refused.contains("FORBIDDEN"), refused);
    }

    @Test
    void aWebSocketWithABadTokenInItsInitPayloadIsRefused() throws Exception {
        String course = Fixtures.course(true);
        Person student = Fixtures.enrolled(course, "STUDENT");
        String forged = claimsFor(student.username()).sign(newKeyPair().getPrivate());
        String frame = next(subscribe(forged, "subscription { completionChanged(courseId: " + course + ") { state } }"));
        assertTrue(frame.contains("\"errors\"") && frame.contains("UNAUTHENTICATED"), frame);
    }

    /**
     * The first change the subscriber receives. The subscription is registered asynchronously, so the
     * learner's manual tick is toggled until one arrives (at most 10 s).
     */
    static String awaitChange(BlockingQueue<String> frames, String label, Person learner) throws InterruptedException {
        String toggle = "mutation($a: ID!, $c: Boolean!) { setManualCompletion(activityId: $a, completed: $c) { state } }";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (boolean completed = true; System.nanoTime() < deadline; completed = !completed) {
            learner.gql().ok(toggle, "a", label, "c", completed);
            String frame = frames.poll(200, TimeUnit.MILLISECONDS);
            if (frame != null) {
                return frame;
            }
        }
        throw new AssertionError("no change delivered within 10 s");
    }

    /** Opens a graphql-transport-ws socket without headers, the token in connection_init; returns its frames. */
    BlockingQueue<String> subscribe(String token, String query) throws Exception {
        GraphQLSocket socket = GraphQLSocket.withInitPayload(GraphQLSocket.of(graphql.toString()), token);
        sockets.add(socket);
        return socket.subscribe(query, Map.of()).frames;
    }

    static String next(BlockingQueue<String> frames) throws InterruptedException {
        String frame = frames.poll(10, TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("no frame within 10 s");
        }
        return frame;
    }
}

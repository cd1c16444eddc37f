package org.activitycompletion.completion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;
import jakarta.json.Json;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.activitycompletion.support.Db;
import org.activitycompletion.support.EmbeddedPostgresResource;
import org.activitycompletion.support.GraphQLSocket;
import org.activitycompletion.support.Fixtures.Person;
import org.junit.jupiter.api.Test;

/** completionChanged over WebSocket (graphql-transport-ws): filtered, authorized, and sent only after commit. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class SubscriptionTest {

    @TestHTTPResource("/graphql")
    URL graphql;

    @Inject
    DataSource dataSource;

    /** A subscriber: a graphql-transport-ws socket with one subscription. */
    final class Client {
        final GraphQLSocket socket;
        final BlockingQueue<String> frames;

        /** Connects as {@code who}, waits for the server's {@code connection_ack}, then subscribes. */
        Client(Person who, String query, Map<String, Object> variables) throws Exception {
            socket = GraphQLSocket.withHeader(GraphQLSocket.of(graphql.toString()), who.token()).subscribe(query, variables);
            frames = socket.frames;
        }

        String next() throws InterruptedException {
            return socket.next();
        }

        /** The next change this client was sent: activity id, user id and state. */
        List<String> nextChange() throws Exception {
            return change(next());
        }

        /** The change a {@code next} frame carries: activity id, user id and state. */
        List<String> change(String frame) {
            JsonPath change = JsonPath.from(frame);
            assertEquals("next", change.getString("type"), frame);
            change.setRootPath("payload.data.completionChanged");
            return List.of(change.getString("activityId"), change.getString("userId"), change.getString("state"));
        }

        void close() throws Exception {
            socket.close();
        }
    }

    static final String CHANGES = "subscription($c: ID!) { completionChanged(courseId: $c) { activityId userId state } }";

    /**
     * Waits until the clients' subscriptions are live. The protocol acknowledges the connection,
     * not a subscription, which the server registers after it answered; so {@code who} views new
     * pages, one after another, until every client has been sent one of those views (a client
     * that was sent one is live from then on), then each client reads up to the last view made.
     * Nothing is left in their queues after that.
     */
    static void awaitLive(Learning l, Person who, Client... clients) throws Exception {
        List<String> views = new ArrayList<>();
        Map<Client, String> latest = new HashMap<>(); // the last of the views each client was sent
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (latest.size() < clients.length) {
            assertTrue(System.nanoTime() < deadline, "no subscription went live within 10 s");
            String page = l.activity("page", "{tracking: AUTOMATIC, requireView: true}");
            l.view(who, page);
            views.add(page);
            for (Client c : clients) {
                String frame = c.frames.poll(100, TimeUnit.MILLISECONDS);
                if (frame != null) {
                    latest.put(c, probe(c.change(frame), views, who));
                }
            }
        }
        String last = views.get(views.size() - 1);
        for (Client c : clients) {
            for (String seen = latest.get(c); !seen.equals(last); ) {
                seen = probe(c.nextChange(), views, who);
            }
        }
    }

    /** The page of a change that must be one of the views made to see whether the subscriptions are live. */
    static String probe(List<String> change, List<String> views, Person who) {
        assertTrue(views.contains(change.get(0)) && change.get(1).equals(who.id()), "not a probe: " + change);
        return change.get(0);
    }

    /**
     * Each subscriber gets the changes it may see, once committed, in order. A change a client
     * must not get is followed by one it must get: if the first had been sent, it would arrive
     * before the second, so no timeout decides that nothing came.
     */
    @Test
    void changesReachTheRightSubscribersAfterCommit() throws Exception {
        Learning l = new Learning();
        String page = l.activity("page", "{tracking: AUTOMATIC, requireView: true}");
        String other = l.activity("page", "{tracking: AUTOMATIC, requireView: true}");
        Client teacher = new Client(l.teacher, CHANGES, Map.of("c", l.course));
        Client alice = new Client(l.alice, CHANGES, Map.of("c", l.course));
        awaitLive(l, l.alice, teacher, alice);

        l.view(l.bob, page);
        assertEquals(List.of(page, l.bob.id(), "COMPLETE"), teacher.nextChange());
        l.view(l.alice, page);
        assertEquals(List.of(page, l.alice.id(), "COMPLETE"), alice.nextChange(), "a student sees only their own changes");
        assertEquals(List.of(page, l.alice.id(), "COMPLETE"), teacher.nextChange());

        l.view(l.alice, page); // a repeat view changes nothing, so nothing is sent
        l.view(l.alice, other);
        assertEquals(List.of(other, l.alice.id(), "COMPLETE"), alice.nextChange(), "nothing for the repeat view");
        assertEquals(List.of(other, l.alice.id(), "COMPLETE"), teacher.nextChange(), "nothing for the repeat view");
        teacher.close();
        alice.close();
    }

    /**
     * A change whose transaction rolls back is never published: the test makes PostgreSQL refuse
     * the commit of bob's record of one activity (a deferred constraint trigger, checked at commit,
     * after the service has handled the change), and the next change the teacher gets is a later one.
     */
    @Test
    void aRolledBackChangeIsNotPublished() throws Exception {
        Learning l = new Learning();
        String refused = l.activity("page", "{tracking: AUTOMATIC, requireView: true}");
        String page = l.activity("page", "{tracking: AUTOMATIC, requireView: true}");
        Client teacher = new Client(l.teacher, CHANGES, Map.of("c", l.course));
        awaitLive(l, l.alice, teacher);
        Db.execute(dataSource, "create function test_refuse_commit() returns trigger language plpgsql as"
                + " $$ begin raise exception 'refused by the test'; end $$");
        try {
            Db.execute(dataSource, "create constraint trigger test_refuse_commit after insert or update on completion"
                    + " deferrable initially deferred for each row when (new.activity_id = " + refused + ")"
                    + " execute function test_refuse_commit()");
            assertNotNull(l.bob.gql().errorCode("mutation($a: ID!) { recordView(activityId: $a) { state } }", "a", refused));
        } finally {
            Db.execute(dataSource, "drop function test_refuse_commit() cascade");
        }
        assertEquals("INCOMPLETE", l.state(l.bob, refused), "the view was rolled back");
        l.view(l.alice, page);
        assertEquals(List.of(page, l.alice.id(), "COMPLETE"), teacher.nextChange(), "nothing for the rolled-back view");
        teacher.close();
    }

    @Test
    void aStudentCannotSubscribeToSomeoneElse() throws Exception {
        Learning l = new Learning();
        Client alice = new Client(l.alice, "subscription($c: ID!, $u: ID) { completionChanged(courseId: $c, userId: $u)"
                + " { state } }", Map.of("c", l.course, "u", l.bob.id()));
        String frame = alice.next();
        assertEquals("FORBIDDEN", JsonPath.from(frame).getString("payload.errors[0].extensions.code"), frame);
        alice.close();
    }
}

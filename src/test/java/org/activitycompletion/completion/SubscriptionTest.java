package org.activitycompletion.completion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.activitycompletion.support.EmbeddedPostgresResource;
import org.activitycompletion.support.Fixtures.Person;
import org.junit.jupiter.api.Test;

/** completionChanged over WebSocket (graphql-transport-ws), filtered and authorized. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class SubscriptionTest {

    @TestHTTPResource("/graphql")
    URL graphql;

    /** A minimal graphql-transport-ws client: every text frame lands in a queue. */
    final class Client implements WebSocket.Listener {
        final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        final WebSocket socket;
        private final StringBuilder partial = new StringBuilder();

        Client(Person who, String query) throws Exception {
            socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .header("Authorization", "Bearer " + who.token())
                    .subprotocols("graphql-transport-ws")
                    .buildAsync(URI.create(graphql.toString().replace("http", "ws")), this)
                    .get(10, TimeUnit.SECONDS);
            socket.sendText("{\"type\":\"connection_init\",\"payload\":{}}", true).get();
            assertTrue(next().contains("connection_ack"));
            socket.sendText("{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{\"query\":\"" + query.replace("\"", "\\\"")
                    + "\"}}", true).get();
            Thread.sleep(300); // the subscription is registered asynchronously
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        String next() throws InterruptedException {
            String frame = frames.poll(10, TimeUnit.SECONDS);
            if (frame == null) {
                throw new AssertionError("no frame within 10 s");
            }
            return frame;
        }

        String nextOrNull() throws InterruptedException {
            return frames.poll(1, TimeUnit.SECONDS);
        }

        /** Closes the socket and waits until the close frame has gone out. */
        void close() throws Exception {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void changesReachTheRightSubscribersAfterCommit() throws Exception {
        Learning l = new Learning();
        String page = l.activity("page", "{tracking: AUTOMATIC, requireView: true}");
        String query = "subscription($c: ID!) { completionChanged(courseId: $c) { activityId userId state } }";
        String inline = "subscription { completionChanged(courseId: \"" + l.course + "\") { activityId userId state } }";
        Client teacher = new Client(l.teacher, inline);
        Client alice = new Client(l.alice, inline);

        l.view(l.bob, page);
        String forTeacher = teacher.next();
        assertTrue(forTeacher.contains("\"userId\":\"" + l.bob.id() + "\"") && forTeacher.contains("COMPLETE"), forTeacher);
        assertEquals(null, alice.nextOrNull(), "a student sees only their own changes");

        l.view(l.alice, page);
        String own = alice.next();
        assertTrue(own.contains("\"userId\":\"" + l.alice.id() + "\""), own);
        assertTrue(teacher.next().contains(l.alice.id()));

        l.view(l.alice, page); // a repeat view changes nothing, so nothing is sent
        assertEquals(null, alice.nextOrNull());
        teacher.close();
        alice.close();
        assertTrue(query.contains("completionChanged"));
    }

    @Test
    void aStudentCannotSubscribeToSomeoneElse() throws Exception {
        Learning l = new Learning();
        Client alice = new Client(l.alice, "subscription { completionChanged(courseId: \"" + l.course + "\", userId: \""
                + l.bob.id() + "\") { state } }");
        String frame = alice.next();
        assertTrue(frame.contains("FORBIDDEN"), frame);
        alice.close();
    }
}

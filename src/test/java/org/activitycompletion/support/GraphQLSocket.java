package org.activitycompletion.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.json.Json;

/**
 * A minimal graphql-transport-ws client for tests: connects (the token in the upgrade's
 * {@code Authorization} header, or in {@code connection_init} as browsers send it), waits for
 * {@code connection_ack}, subscribes; every text frame lands in {@link #frames}.
 */
public final class GraphQLSocket implements WebSocket.Listener, AutoCloseable {

    public final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final WebSocket socket;
    private final StringBuilder partial = new StringBuilder();

    private GraphQLSocket(URI uri, String headerToken, String initToken) throws Exception {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("graphql-transport-ws");
        if (headerToken != null) {
            builder.header("Authorization", "Bearer " + headerToken);
        }
        socket = builder.buildAsync(uri, this).get(10, TimeUnit.SECONDS);
        String payload = initToken == null ? "{}"
                : Json.createObjectBuilder().add("Authorization", "Bearer " + initToken).build().toString();
        socket.sendText("{\"type\":\"connection_init\",\"payload\":" + payload + "}", true).get();
        String ack = next();
        assertTrue(ack.contains("connection_ack"), ack);
    }

    /** Connects with the token in the upgrade request's Authorization header. */
    public static GraphQLSocket withHeader(URI uri, String token) throws Exception {
        return new GraphQLSocket(uri, token, null);
    }

    /** Connects without headers, the token in the connection_init payload. */
    public static GraphQLSocket withInitPayload(URI uri, String token) throws Exception {
        return new GraphQLSocket(uri, null, token);
    }

    /** The WebSocket URI of an HTTP GraphQL endpoint. */
    public static URI of(String httpUrl) {
        return URI.create(httpUrl.replaceFirst("^http", "ws"));
    }

    /** Sends a subscription (id 1) with its variables. */
    public GraphQLSocket subscribe(String query, Map<String, Object> variables) throws Exception {
        socket.sendText(Json.createObjectBuilder().add("id", "1").add("type", "subscribe").add("payload",
                Json.createObjectBuilder().add("query", query).add("variables", Json.createObjectBuilder(variables)))
                .build().toString(), true).get();
        return this;
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

    /** The next frame; fails when none comes within 10 s. */
    public String next() throws InterruptedException {
        String frame = frames.poll(10, TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("no frame within 10 s");
        }
        return frame;
    }

    /** Closes the socket and waits until the close frame has gone out. */
    @Override
    public void close() throws Exception {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    }
}

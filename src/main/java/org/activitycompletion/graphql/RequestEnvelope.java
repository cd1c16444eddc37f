package org.activitycompletion.graphql;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import org.activitycompletion.common.ErrorCode;
import org.activitycompletion.graphql.fastpath.FastPath;

/**
 * Checks the JSON envelope of a GraphQL POST ({@code query}, {@code operationName},
 * {@code variables}, {@code extensions}) and that its query is a GraphQL document before SmallRye
 * reads it, and answers a malformed one with HTTP 400 and an {@code INVALID_ARGUMENT} error.
 * <p>
 * SmallRye answers some malformed envelopes with an error that has no code but a
 * {@code classification} ("Unparseable input document", "Missing 'query' field"), an empty body
 * with plain text, and a {@code variables} or {@code operationName} of the wrong JSON type with a
 * 500 (a {@code ClassCastException}); Quarkus answers an empty {@code application/graphql} body
 * with a 500. A well-formed envelope passes untouched: the check is one streaming pass that builds
 * nothing but the query string, whose parse is remembered ({@link Documents}). Like Quarkus, raw
 * line breaks and tabs are deleted before the body is read (queries pasted from Java text blocks). An
 * {@code application/graphql} body is the query itself.
 * <p>
 * With the execution machinery on ({@link FastPath}), the route ends with its handler for the
 * common requests; otherwise every request goes on to Quarkus' handler.
 */
@ApplicationScoped
public class RequestEnvelope {

    /** After Quarkus' upload limit (-2), before the GraphQL route, which has a default order. */
    private static final int ORDER = -1;

    /** Strict JSON, as JSON-P reads it once raw line breaks and tabs are gone. */
    private static final JsonFactory JSON = JsonFactory.builder().build();

    void install(@Observes Router router,
            @ConfigProperty(name = "quarkus.smallrye-graphql.root-path", defaultValue = "graphql") String graphqlPath,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize maxBody,
            @ConfigProperty(name = "quarkus.smallrye-graphql.nonblocking.enabled") Optional<Boolean> nonBlocking) {
        // The application's router, which Quarkus mounts under quarkus.http.root-path. The GraphQL
        // route reads the body with its own handler, after this one; Vert.x's body handler leaves
        // a body it has already read to the next one.
        Route route = router.post(graphqlPath.startsWith("/") ? graphqlPath : "/" + graphqlPath).order(ORDER)
                .handler(BodyHandler.create(false).setBodyLimit(maxBody.asLongValue()))
                .handler(RequestEnvelope::check);
        // The fast path runs on the event loop, as Quarkus' route does unless told to block.
        Handler<RoutingContext> fastPath = nonBlocking.orElse(true) ? FastPath.postHandler() : null;
        if (fastPath != null) {
            route.handler(fastPath);
        }
    }

    /** Answers HTTP 400 with an {@code INVALID_ARGUMENT} error. */
    public static void reject(RoutingContext context, String problem) {
        context.response().setStatusCode(400)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=UTF-8")
                .end(errorBody(problem));
    }

    private static void check(RoutingContext context) {
        String contentType = context.request().getHeader(HttpHeaders.CONTENT_TYPE);
        Buffer body = context.body().buffer();
        String problem;
        if (contentType != null && contentType.startsWith("application/graphql")) { // as Quarkus tells a bare query
            problem = body == null || body.length() == 0
                    ? "The request has no body: send a GraphQL document."
                    : Documents.problem(new String(withoutRawBreaks(body.getBytes()), StandardCharsets.UTF_8));
        } else {
            problem = body == null || body.length() == 0
                    ? "The request has no body: send a JSON object with a \"query\" string."
                    : problem(body.getBytes());
        }
        if (problem == null) {
            context.next();
        } else {
            reject(context, problem);
        }
    }

    /** What is wrong with a GraphQL request body, or null when nothing is. */
    private static String problem(byte[] body) {
        try (JsonParser parser = JSON.createParser(withoutRawBreaks(body))) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return "The request body must be a JSON object with a \"query\" string.";
            }
            String query = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                String problem = switch (field) {
                    case "query" -> value == JsonToken.VALUE_STRING ? null : "\"query\" must be a string.";
                    case "operationName" -> value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NULL
                            ? null : "\"operationName\" must be a string or null.";
                    case "variables", "extensions" -> value == JsonToken.START_OBJECT || value == JsonToken.VALUE_NULL
                            ? null : "\"" + field + "\" must be a JSON object or null.";
                    default -> null;
                };
                if (problem != null) {
                    return problem;
                }
                if (field.equals("query")) {
                    query = parser.getText();
                }
                parser.skipChildren();
            }
            if (parser.nextToken() != null) {
                return "The request body must hold one JSON object and nothing after it.";
            }
            return query == null ? "The request has no \"query\": send a JSON object with a \"query\" string."
                    : Documents.problem(query);
        } catch (JsonParseException e) {
            return "The request body is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ").";
        } catch (IOException e) {
            return "The request body is not valid JSON.";
        }
    }

    /**
     * Without raw line breaks and tabs, as Quarkus' handler reads a body of either kind (it deletes
     * them; these bytes never occur inside a multi-byte UTF-8 character).
     */
    static byte[] withoutRawBreaks(byte[] body) {
        int kept = 0;
        for (byte b : body) {
            if (b != '\n' && b != '\t' && b != '\r') {
                kept++;
            }
        }
        if (kept == body.length) {
            return body;
        }
        byte[] stripped = new byte[kept];
        int at = 0;
        for (byte b : body) {
            if (b != '\n' && b != '\t' && b != '\r') {
                stripped[at++] = b;
            }
        }
        return stripped;
    }

    private static String errorBody(String message) {
        JsonObject error = new JsonObject().put("message", message)
                .put("extensions", new JsonObject().put("code", ErrorCode.INVALID_ARGUMENT.name()));
        return new JsonObject().put("errors", new JsonArray().add(error)).encode();
    }
}

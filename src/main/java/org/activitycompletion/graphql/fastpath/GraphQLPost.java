package org.activitycompletion.graphql.fastpath;

import java.io.StringReader;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.stream.JsonParsingException;

import org.jboss.logging.Logger;

import graphql.ErrorType;
import graphql.GraphQLError;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.smallrye.graphql.runtime.SmallRyeGraphQLAbstractHandler;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.graphql.execution.ExecutionResponse;
import io.smallrye.graphql.execution.ExecutionResponseWriter;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.MIMEHeader;
import io.vertx.ext.web.RoutingContext;
import org.activitycompletion.graphql.RequestEnvelope;

/**
 * Replaces: Quarkus' {@code SmallRyeGraphQLExecutionHandler} for a POST with a JSON body, and
 * SmallRye's JSON-P writing of its answer. Proven equal by: {@code GraphQLPostTest} (status,
 * content type and bytes against Quarkus' handler), {@code JsonBytesTest}, the API test suites run
 * with the fast path on and off, and {@code FastPathEquivalenceIT}.
 * <p>
 * Runs the common GraphQL request, a POST with a JSON body, as Quarkus' own handler does, and
 * writes the answer with {@link JsonBytes} straight into the response's bytes instead of through a
 * JSON-P writer and a {@code String} (the same bytes, a third of a report page's time less).
 * <p>
 * Everything around the execution is Quarkus': this extends the base of its handler, which sets
 * the caller's identity and the current request and activates the request context, and SmallRye's
 * {@code ExecutionService} runs the request. The answer is also chosen as Quarkus chooses it: the
 * first acceptable type the {@code Accept} header lists ({@code application/json},
 * {@code application/graphql-response+json} or {@code application/graphql+json}), or for none or
 * {@code *}{@code /*} {@code application/graphql-response+json; charset=UTF-8}, sent back as the
 * content type. A request this does not handle exactly like Quarkus goes on to Quarkus' handler
 * unchanged: another method, an {@code application/graphql} body, query parameters, a charset
 * other than UTF-8, an {@code Accept} header with nothing acceptable (Quarkus answers 406).
 */
final class GraphQLPost extends SmallRyeGraphQLAbstractHandler {

    private static final Logger LOG = Logger.getLogger(GraphQLPost.class);
    private static final String ANSWER_TYPE = "answer-type";
    private static final String DEFAULT_TYPE = "application/graphql-response+json; charset=UTF-8";
    private static final List<String> QUERY_PARAMETERS = List.of("query", "operationName", "variables", "extensions");

    private GraphQLPost(CurrentIdentityAssociation identity, CurrentVertxRequest request) {
        super(identity, request, false);
    }

    /** Made as Quarkus' recorder makes its handler, once the container is up. */
    static GraphQLPost create() {
        InstanceHandle<CurrentIdentityAssociation> identity = Arc.container().instance(CurrentIdentityAssociation.class);
        return new GraphQLPost(identity.isAvailable() ? identity.get() : null,
                Arc.container().instance(CurrentVertxRequest.class).get());
    }

    @Override
    public void handle(RoutingContext context) {
        // The route takes POSTs only.
        String answerType = jsonBody(context.request()) && !hasQueryParameters(context) ? answerType(context) : null;
        if (answerType == null) {
            context.next();
        } else {
            context.put(ANSWER_TYPE, answerType);
            super.handle(context);
        }
    }

    @Override
    protected void doHandle(RoutingContext context) {
        JsonObject input;
        try (JsonReader reader = jsonReaderFactory.createReader(new StringReader(withoutRawBreaks(context.body().asString())))) {
            input = reader.readObject();
        } catch (JsonParsingException e) { // what RequestEnvelope lets through and JSON-P does not read
            RequestEnvelope.reject(context, "The request body is not valid JSON.");
            return;
        }
        context.response().headers().set(HttpHeaders.CONTENT_TYPE, context.<String> get(ANSWER_TYPE));
        Map<String, Object> metaData = getMetaData(context);
        metaData.put(PlainExecution.WRITTEN_AS_BYTES, Boolean.TRUE);
        getExecutionService().executeAsync(input, metaData, new Writer(context));
    }

    private static boolean jsonBody(HttpServerRequest request) {
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        return type == null || !type.startsWith("application/graphql");
    }

    private static boolean hasQueryParameters(RoutingContext context) {
        if (context.request().query() == null) {
            return false;
        }
        for (String name : QUERY_PARAMETERS) {
            if (!context.queryParam(name).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** The content type of the answer, or null when Quarkus' handler should answer. */
    private static String answerType(RoutingContext context) {
        for (MIMEHeader accepted : context.parsedHeaders().accept()) {
            String type = accepted.rawValue();
            if (type.startsWith("application/json") || type.startsWith("application/graphql-response+json")
                    || type.startsWith("application/graphql+json")) {
                return utf8(type) ? type : null;
            } else if (type.startsWith("*/*")) {
                return DEFAULT_TYPE;
            }
        }
        return context.parsedHeaders().accept().isEmpty() ? DEFAULT_TYPE : null;
    }

    private static boolean utf8(String type) {
        int at = type.indexOf("charset=");
        if (at < 0) {
            return true;
        }
        int start = at + "charset=".length(), end = start;
        while (end < type.length() && type.charAt(end) != ';' && !Character.isWhitespace(type.charAt(end))) {
            end++;
        }
        return type.substring(start, end).equalsIgnoreCase("UTF-8");
    }

    /** Without raw line breaks and tabs, as Quarkus' handler reads a body (it deletes them). */
    private static String withoutRawBreaks(String body) {
        if (body.indexOf('\n') < 0 && body.indexOf('\t') < 0 && body.indexOf('\r') < 0) {
            return body;
        }
        return body.replace("\n", "").replace("\t", "").replace("\r", "");
    }

    private static final class Writer implements ExecutionResponseWriter {
        private final RoutingContext context;

        Writer(RoutingContext context) {
            this.context = context;
        }

        @Override
        public void write(ExecutionResponse response) {
            if (aborted(response)) {
                response.getExecutionResult().getErrors().stream()
                        .filter(error -> error.getErrorType().equals(ErrorType.ExecutionAborted))
                        .forEach(error -> LOG.error("Execution aborted", error instanceof Throwable t ? t : null));
                context.response().setStatusCode(500).end();
            } else {
                context.response().setStatusCode(200).setStatusMessage("OK")
                        .end(JsonBytes.write(response.getExecutionResultAsJsonObject()));
            }
        }

        @Override
        public void fail(Throwable failure) {
            context.fail(failure);
        }

        /** As Quarkus' handler: an aborted execution that still has data is a server error. */
        private static boolean aborted(ExecutionResponse response) {
            if (!response.getExecutionResult().isDataPresent()) {
                return false;
            }
            for (GraphQLError error : response.getExecutionResult().getErrors()) {
                if (error.getErrorType().equals(ErrorType.ExecutionAborted)) {
                    return true;
                }
            }
            return false;
        }
    }
}

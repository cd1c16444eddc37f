package org.activitycompletion.graphql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import graphql.ErrorClassification;
import graphql.ExceptionWhileDataFetching;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.language.SourceLocation;
import io.quarkus.arc.InjectableContext.ContextState;
import org.activitycompletion.common.ApiException;
import org.activitycompletion.common.DatabaseErrors;
import org.activitycompletion.common.ErrorCode;
import org.jboss.logging.Logger;

/**
 * Maps every GraphQL error to the contract once: {@code extensions.code} is an {@link ErrorCode}
 * and the message a plain sentence. A service's {@link ApiException} keeps its code; invalid
 * documents and arguments rejected by GraphQL itself become INVALID_ARGUMENT; anything
 * unexpected is logged and reaches the client only as INTERNAL, without details.
 * <p>
 * A request whose client went away is not a fault: Quarkus then ends the request's context,
 * closing its Hibernate session under any read still running, and the read fails. Such
 * failures are logged at DEBUG, one line each; the request's context state, which Quarkus hands
 * SmallRye and SmallRye puts in the GraphQL context as "state", tells them apart.
 */
final class GraphQLErrors {

    private static final Logger LOG = Logger.getLogger(GraphQLErrors.class);
    static final String INTERNAL = "INTERNAL";

    private GraphQLErrors() {
    }

    /** Maps the errors of a finished execution; installed by {@link GraphQLSetup}. */
    static final class Mapper extends SimplePerformantInstrumentation {
        @Override
        public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
                InstrumentationExecutionParameters parameters, InstrumentationState state) {
            if (result.getErrors().isEmpty()) {
                return CompletableFuture.completedFuture(result);
            }
            boolean cutOff = parameters.getGraphQLContext().get("state") instanceof ContextState request && !request.isValid();
            List<GraphQLError> errors = result.getErrors().stream().map(e -> map(e, cutOff)).toList();
            return CompletableFuture.completedFuture(result.transform(b -> b.errors(errors)));
        }
    }

    /** The error in the contract's form; {@code cutOff}: the request's context ended before its answer. */
    static GraphQLError map(GraphQLError error, boolean cutOff) {
        if (error instanceof ContractError) {
            return error;
        }
        if (error instanceof ExceptionWhileDataFetching fetching) {
            ApiException api = apiException(fetching.getException());
            if (api != null) {
                return new ContractError(api.code().name(), api.getMessage(), error);
            }
            if (cutOff) {
                LOG.debugf("Request cut off (its client left) in %s: %s", error.getPath(), fetching.getException());
            } else {
                String[] database = DatabaseErrors.classify(fetching.getException());
                if (database != null) {
                    LOG.warnf("Database failure in %s: %s", error.getPath(), fetching.getException().toString());
                    return new ContractError(database[0], database[1], error);
                }
                LOG.error("Unexpected failure in " + error.getPath(), fetching.getException());
            }
            return new ContractError(INTERNAL, "The server could not complete this request.", error);
        }
        // Syntax, validation and argument coercion errors: the document or its variables are wrong.
        return new ContractError(ErrorCode.INVALID_ARGUMENT.name(), error.getMessage(), error);
    }

    private static ApiException apiException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ApiException api) {
                return api;
            }
        }
        return null;
    }

    /**
     * An error in the contract's form, placed and classified like the error it replaces. The
     * classification stays inside the service (Quarkus' handler tells an aborted execution by it);
     * clients see only the message, locations, path and {@code extensions.code}, never a
     * graphql-java classification such as "DataFetchingException".
     */
    record ContractError(String code, String message, List<SourceLocation> locations, List<Object> path,
            ErrorClassification classification) implements GraphQLError {

        ContractError(String code, String message, GraphQLError original) {
            this(code, message, original.getLocations(), original.getPath(), original.getErrorType());
        }

        @Override
        public String getMessage() {
            return message;
        }

        @Override
        public List<SourceLocation> getLocations() {
            return locations;
        }

        @Override
        public List<Object> getPath() {
            return path;
        }

        @Override
        public ErrorClassification getErrorType() {
            return classification;
        }

        @Override
        public Map<String, Object> getExtensions() {
            return Map.of("code", code);
        }

        /** As graphql-java writes an error (message, locations, path, extensions), without the classification. */
        @Override
        public Map<String, Object> toSpecification() {
            Map<String, Object> specification = new LinkedHashMap<>();
            specification.put("message", message);
            if (locations != null) {
                specification.put("locations", locations.stream().filter(l -> l.getLine() >= 1 && l.getColumn() >= 1)
                        .map(ContractError::location).toList());
            }
            if (path != null) {
                specification.put("path", path);
            }
            specification.put("extensions", getExtensions());
            return specification;
        }

        private static Map<String, Object> location(SourceLocation location) {
            Map<String, Object> written = new LinkedHashMap<>();
            written.put("line", location.getLine());
            written.put("column", location.getColumn());
            return written;
        }
    }
}

package org.activitycompletion.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.activitycompletion.common.ApiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import graphql.ExceptionWhileDataFetching;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.ExecutionResultImpl;
import graphql.GraphQLError;
import graphql.execution.ResultPath;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.language.SourceLocation;
import io.quarkus.arc.InjectableBean;
import io.quarkus.arc.InjectableContext.ContextState;

/**
 * A failure is an error worth logging only while its request's client still waits: once the
 * request's context has ended (the client left), the failure it causes is logged at DEBUG.
 */
class GraphQLErrorsTest {

    private final Logger logger = Logger.getLogger(GraphQLErrors.class.getName());
    private final List<LogRecord> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level level;

    @BeforeEach
    void capture() {
        level = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(capture);
    }

    @AfterEach
    void release() {
        logger.removeHandler(capture);
        logger.setLevel(level);
    }

    @Test
    void aFailureOfALiveRequestIsAnErrorInTheLog() {
        List<GraphQLError> errors = mapped(new IllegalStateException("a bug"), true);
        assertEquals("INTERNAL", errors.get(0).getExtensions().get("code"));
        assertEquals(List.of("ERROR"), levels());
    }

    @Test
    void aFailureOfARequestWhoseClientLeftIsOneDebugLine() {
        List<GraphQLError> errors = mapped(new IllegalStateException("Session/EntityManager is closed"), false);
        assertEquals("INTERNAL", errors.get(0).getExtensions().get("code"));
        assertEquals(List.of("DEBUG"), levels());
        assertEquals(null, logged.get(0).getThrown(), "no stack trace");
    }

    @Test
    void aRefusalKeepsItsCodeEitherWay() {
        assertEquals("NOT_FOUND", mapped(ApiException.notFound("activity", 7), false).get(0).getExtensions().get("code"));
        assertEquals("NOT_FOUND", mapped(ApiException.notFound("activity", 7), true).get(0).getExtensions().get("code"));
        assertEquals(List.of(), levels());
    }

    /** The failure of a field mapped as the service maps it, in a request whose context is or is not still valid. */
    private static List<GraphQLError> mapped(Exception failure, boolean requestValid) {
        ContextState state = new ContextState() {
            @Override
            public Map<InjectableBean<?>, Object> getContextualInstances() {
                return Map.of();
            }

            @Override
            public boolean isValid() {
                return requestValid;
            }
        };
        ExecutionInput input = ExecutionInput.newExecutionInput("{ report }").build();
        input.getGraphQLContext().put("state", state); // as Quarkus' handler and SmallRye pass it
        ExecutionResult result = ExecutionResultImpl.newExecutionResult()
                .addError(new ExceptionWhileDataFetching(ResultPath.rootPath().segment("report"), failure,
                        new SourceLocation(1, 3)))
                .build();
        return new GraphQLErrors.Mapper().instrumentExecutionResult(result,
                new InstrumentationExecutionParameters(input, null), null).join().getErrors();
    }

    private List<String> levels() {
        return logged.stream().map(r -> r.getLevel().getName()).toList();
    }
}

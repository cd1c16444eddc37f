package org.activitycompletion.graphql.fastpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;

import graphql.GraphQL;
import graphql.execution.AsyncExecutionStrategy;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import org.junit.jupiter.api.Test;

/**
 * The switch: off, the engine keeps graphql-java's strategy and a plain chain of the API's
 * instrumentations after SmallRye's; on, the machinery's parts are in. (The API suites run both
 * ways in {@code ./mvnw verify}; {@code FastPathEquivalenceIT} compares the answers.)
 */
class FastPathTest {

    private static final Instrumentation API = new SimplePerformantInstrumentation();

    private static GraphQL.Builder smallRyes() {
        GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse("type Query { a: Int }"),
                RuntimeWiring.newRuntimeWiring().build());
        return GraphQL.newGraphQL(schema).instrumentation(new ChainedInstrumentation(List.of()));
    }

    @Test
    void offLeavesGraphQLJavasOwnExecution() {
        GraphQL.Builder builder = smallRyes();
        GraphQL built = builder.build();
        GraphQL engine = FastPath.install(builder, built, List.of(API), built.getGraphQLSchema(), false).build();
        assertEquals(AsyncExecutionStrategy.class, engine.getQueryStrategy().getClass());
        ChainedInstrumentation chain = assertInstanceOf(ChainedInstrumentation.class, engine.getInstrumentation());
        assertEquals(List.of(built.getInstrumentation(), API), chain.getInstrumentations());
    }

    @Test
    void onPutsTheMachineryIn() {
        GraphQL.Builder builder = smallRyes();
        GraphQL built = builder.build();
        GraphQL engine = FastPath.install(builder, built, List.of(API), built.getGraphQLSchema(), true).build();
        assertInstanceOf(PlainExecution.class, engine.getQueryStrategy());
        assertInstanceOf(DocumentLevel.class, engine.getInstrumentation());
    }

    @Test
    void theSwitchIsOnByDefaultAndNamedAsDocumented() {
        assertEquals("completion.graphql.fast-path.enabled", FastPath.ENABLED);
        assertEquals(Boolean.parseBoolean(System.getProperty(FastPath.ENABLED, "true")), FastPath.enabled());
    }
}

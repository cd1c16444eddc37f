package org.activitycompletion.graphql.fastpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.execution.AsyncExecutionStrategy;
import graphql.execution.ExecutionContext;
import graphql.execution.ExecutionStrategy;
import graphql.execution.ExecutionStrategyParameters;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeRuntimeWiring;
import io.smallrye.graphql.execution.error.ExceptionHandler;

/**
 * {@link PlainExecution} gives exactly graphql-java's result (data and errors) for every shape of
 * selection, and takes its shortcut where it should: plain graphql-java, no Quarkus.
 */
class PlainExecutionTest {

    private static final String SDL = """
            type Query { root: Root }
            type Root {
              items: [Item!]!
              maybe: [Item]
              grid: [[Item!]]
              array: [Item]
              others: [Other!]
              nested: [Holder!]!
            }
            type Item {
              id: ID!
              state: State!
              score: Float
              count: Int
              big: Int
              optional: String
              child: Child
              children: [Child!]
              tags: [String]
              kind: State
            }
            type Child { name: String! }
            type Other { name: String fancy: String }
            type Holder { label: String items: [Item!]! }
            enum State { COMPLETE INCOMPLETE }
            """;

    public record Root(List<Item> items, List<Item> maybe, List<List<Item>> grid, Item[] array, List<Other> others,
            List<Holder> nested) {
    }

    public record Item(Object id, String state, Double score, Integer count, Long big, Optional<String> optional,
            Child child, List<Child> children, List<String> tags, Kind kind) {
        Item(Object id, String state, Double score, Integer count, Long big, Optional<String> optional, Child child,
                List<Child> children, List<String> tags) {
            this(id, state, score, count, big, optional, child, children, tags, Kind.values()[count == null ? 0 : count % 2]);
        }
    }

    /** Java enum constants, matched to the schema's enum by name; UNKNOWN is not in it. */
    public enum Kind {
        COMPLETE, INCOMPLETE, UNKNOWN
    }

    public record Child(String name) {
    }

    public record Other(String name) {
    }

    public record Holder(String label, List<Item> items) {
    }

    private static Item item(int i) {
        return new Item(i % 2 == 0 ? (Object) ("i" + i) : (Object) i, i % 3 == 0 ? "COMPLETE" : "INCOMPLETE",
                i % 4 == 0 ? null : i * 1.5, i, 1000L * i, i % 2 == 0 ? Optional.of("o" + i) : Optional.empty(),
                i % 5 == 0 ? null : new Child("c" + i), List.of(new Child("a" + i), new Child("b" + i)),
                Arrays.asList("t" + i, null));
    }

    private static Root goodRoot() {
        List<Item> items = List.of(item(1), item(2), item(3), item(4), item(5), item(6));
        return new Root(items, Arrays.asList(item(7), null, item(8)), Arrays.asList(items.subList(0, 2), null, List.of()),
                new Item[] { item(9), null }, List.of(new Other("x"), new Other("y")),
                List.of(new Holder("h1", items.subList(0, 3)), new Holder(null, List.of())));
    }

    /** Every field of our records read by PlainFields' accessor, as in the service; Other.fancy by a lambda. */
    private static GraphQLSchema schema(Supplier<Root> root) {
        RuntimeWiring.Builder wiring = RuntimeWiring.newRuntimeWiring()
                .type(TypeRuntimeWiring.newTypeWiring("Query").dataFetcher("root", env -> root.get()));
        for (Class<?> type : List.of(Root.class, Item.class, Child.class, Other.class, Holder.class)) {
            TypeRuntimeWiring.Builder fields = TypeRuntimeWiring.newTypeWiring(type.getSimpleName());
            for (var component : type.getRecordComponents()) {
                fields.dataFetcher(component.getName(),
                        new PlainFields.Accessor<>(type.getName(), component.getName(), null, true));
            }
            if (type == Other.class) {
                fields.dataFetcher("fancy", (DataFetcher<Object>) env -> "fancy " + ((Other) env.getSource()).name());
            }
            wiring.type(fields);
        }
        return new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(SDL), wiring.build());
    }

    /** Counts the objects graphql-java completes one by one. */
    static final class Counting extends PlainExecution {
        final AtomicInteger objects = new AtomicInteger();

        Counting() {
            super(new ExceptionHandler());
        }

        @Override
        protected Object completeValueForObject(ExecutionContext context, ExecutionStrategyParameters parameters,
                GraphQLObjectType type, Object result) {
            objects.incrementAndGet();
            return super.completeValueForObject(context, parameters, type, result);
        }
    }

    private static ExecutionResult run(GraphQLSchema schema, ExecutionStrategy strategy, String query, Map<String, Object> variables) {
        return run(schema, strategy, query, variables, false);
    }

    private static ExecutionResult run(GraphQLSchema schema, ExecutionStrategy strategy, String query, Map<String, Object> variables,
            boolean asBytes) {
        GraphQL graphQL = GraphQL.newGraphQL(schema).queryExecutionStrategy(strategy)
                .instrumentation(new DocumentLevel(new ChainedInstrumentation(List.of()))).build();
        return graphQL.execute(ExecutionInput.newExecutionInput(query).variables(variables)
                .graphQLContext(asBytes ? Map.of(PlainExecution.WRITTEN_AS_BYTES, true) : Map.of()).build());
    }

    /**
     * Runs the query with graphql-java's strategy and with PlainExecution, completing lists and
     * writing them as they are completed (as for {@link GraphQLPost}); returns how many objects
     * PlainExecution left to graphql-java, the same both ways.
     */
    private static int sameResult(Supplier<Root> root, String query, Map<String, Object> variables) {
        GraphQLSchema schema = schema(root);
        ExecutionResult expected = run(schema, new AsyncExecutionStrategy(new ExceptionHandler()), query, variables);
        Counting counting = new Counting();
        ExecutionResult actual = run(schema, counting, query, variables);
        assertEquals(expected.toSpecification(), actual.toSpecification(), query);
        assertEquals(0, written(actual.getData()), "lists are written only for answers written as bytes");

        Counting writing = new Counting();
        ExecutionResult written = run(schema, writing, query, variables, true);
        assertEquals(counting.objects.get(), writing.objects.get(), query);
        if (counting.objects.get() == 1) {
            assertTrue(written(written.getData()) > 0, "the shortcut wrote its lists: " + query);
        }
        // JsonBytes appends the written lists' bytes; the same data read as maps and lists writes the same bytes.
        assertEquals(text(expected), text(written), query);
        assertEquals(expected.toSpecification(), written.toSpecification(), query);
        assertEquals(text(expected), text(written), "written lists read as lists: " + query);
        return counting.objects.get();
    }

    private static String text(ExecutionResult result) {
        Object data = result.getData();
        return data == null ? "null" : new String(JsonBytes.bytes(new JsonResult.ObjectView((Map<?, ?>) data)), StandardCharsets.UTF_8);
    }

    /** How many lists of the data were written while they were completed. */
    private static int written(Object data) {
        if (data instanceof PlainExecution.WrittenList) {
            return 1;
        } else if (data instanceof Map<?, ?> map) {
            return map.values().stream().mapToInt(PlainExecutionTest::written).sum();
        } else if (data instanceof List<?> list) {
            return list.stream().mapToInt(PlainExecutionTest::written).sum();
        }
        return 0;
    }

    private static int sameResult(String query) {
        return sameResult(PlainExecutionTest::goodRoot, query, Map.of());
    }

    @Test
    void listsOfPlainObjectsAreCompletedInOnePass() {
        String query = "{ root { items { id state kind score count big optional child { name } children { name } tags __typename } } }";
        assertEquals(1, sameResult(query), "only root is completed object by object");
        assertEquals(1, sameResult("{ root { nested { label items { id state } } } }"));
        assertEquals(1, sameResult("{ root { maybe { id } grid { state } array { count } } }"));
    }

    @Test
    void aliasesFragmentsAndDirectivesSelectTheSameFields() {
        assertEquals(1, sameResult(PlainExecutionTest::goodRoot, """
                query($yes: Boolean!, $no: Boolean!) {
                  root { a: items { ...F s: state, state, id @include(if: $no) count @skip(if: $no) }
                         b: items { ... on Item { id } child @include(if: $yes) { n: name, name } } }
                }
                fragment F on Item { id score @skip(if: $yes) }""", Map.<String, Object>of("yes", true, "no", false)));
        sameResult("{ root { items { id } ...{ items { state } } } }"); // answers as graphql-java does (asserted inside)
    }

    @Test
    void fieldsReadByOtherFetchersKeepGraphQLJavasPath() {
        assertEquals(3, sameResult("{ root { others { name fancy } } }"), "root and both Others object by object");
        assertEquals(1, sameResult("{ root { others { name } } }"));
    }

    @Test
    void aNullWhereTheSchemaPromisesAValueIsReportedByGraphQLJava() {
        Supplier<Root> nullState = () -> {
            Root good = goodRoot();
            List<Item> items = List.of(item(1), new Item(2, null, null, 2, 2L, Optional.empty(), null, List.of(), List.of()));
            return new Root(items, good.maybe(), good.grid(), good.array(), good.others(), good.nested());
        };
        int objects = sameResult(nullState, "{ root { items { id state } } }", Map.of());
        assertTrue(objects > 1, "graphql-java completed the list again: " + objects);

        Supplier<Root> nullElement = () -> {
            Root good = goodRoot();
            return new Root(Arrays.asList(item(1), null), good.maybe(), good.grid(), good.array(), good.others(), good.nested());
        };
        assertTrue(sameResult(nullElement, "{ root { items { id } } }", Map.of()) > 1);
    }

    @Test
    void valuesThatDoNotSerializeAreReportedByGraphQLJava() {
        Supplier<Root> badEnum = () -> {
            Root good = goodRoot();
            List<Item> items = List.of(item(1), new Item(2, "NOT_A_STATE", null, 2, 2L, Optional.empty(), null, null, null));
            return new Root(good.items(), items, good.grid(), good.array(), good.others(), good.nested());
        };
        ExecutionResult result = run(schema(badEnum), new PlainExecution(new ExceptionHandler()), "{ root { maybe { state } } }",
                Map.of());
        assertFalse(result.getErrors().isEmpty());
        assertTrue(sameResult(badEnum, "{ root { maybe { state } } }", Map.of()) > 1);

        Supplier<Root> unknownConstant = () -> {
            Root good = goodRoot();
            List<Item> items = List.of(item(1), item(2), new Item(3, "COMPLETE", null, 3, 3L, Optional.empty(), null, null,
                    null, Kind.UNKNOWN));
            return new Root(good.items(), items, good.grid(), good.array(), good.others(), good.nested());
        };
        assertTrue(sameResult(unknownConstant, "{ root { maybe { kind } } }", Map.of()) > 1);

        Supplier<Root> badInt = () -> {
            Root good = goodRoot();
            return new Root(good.items(), List.of(new Item(1, "COMPLETE", null, null, Long.MAX_VALUE, Optional.empty(), null,
                    null, null)), good.grid(), good.array(), good.others(), good.nested());
        };
        assertTrue(sameResult(badInt, "{ root { maybe { count big } } }", Map.of()) > 1, "a Long beyond Int");
    }

    @Test
    void laterValuesAreLeftToGraphQLJava() {
        Supplier<Root> promised = () -> {
            Root good = goodRoot();
            List<Item> items = List.of(new Item(CompletableFuture.completedFuture("later"), "COMPLETE", null, 1, 1L,
                    Optional.empty(), null, null, null));
            return new Root(items, good.maybe(), good.grid(), good.array(), good.others(), good.nested());
        };
        assertTrue(sameResult(promised, "{ root { items { id } } }", Map.of()) > 1);

        Supplier<Root> promisedAfterPlainValues = () -> {
            Root good = goodRoot();
            List<Item> items = List.of(item(2), item(4), new Item(CompletableFuture.completedFuture("later"), "COMPLETE",
                    null, 1, 1L, Optional.empty(), null, null, null));
            return new Root(items, good.maybe(), good.grid(), good.array(), good.others(), good.nested());
        };
        assertTrue(sameResult(promisedAfterPlainValues, "{ root { items { id } } }", Map.of()) > 1,
                "a value's class, not its place in the list, decides");
    }
}

import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.execution.AsyncExecutionStrategy;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.ExecutionStrategy;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeRuntimeWiring;
import io.smallrye.graphql.execution.error.ExceptionHandler;

/**
 * graphql-java executing a report page (100 rows x 50 completions, the selection of
 * bench/lua/report.lua) over records read by graphql/fastpath/PlainFields' accessors, as the service does:
 * with graphql-java's own strategy and with graphql/fastpath/PlainExecution, alternating in one JVM so the
 * machine's drift cancels out. Checks both give the same result first. Run by
 * bench/java.sh ExecutionBench.
 */
public class ExecutionBench {
    public record Report(List<Row> rows, String endCursor, boolean hasNextPage) {
    }

    public record Row(User user, double progress, List<Completion> completions) {
    }

    public record User(String id) {
    }

    public record Completion(State state) {
    }

    /** Java enum constants, as CompletionState in the service. */
    public enum State {
        INCOMPLETE, COMPLETE, COMPLETE_PASS, COMPLETE_FAIL
    }

    private static final String SDL = """
            type Query { courseCompletionReport: Report! }
            type Report { rows: [Row!]! endCursor: String hasNextPage: Boolean! }
            type Row { user: User! progress: Float! completions: [Completion!]! }
            type User { id: ID! }
            type Completion { state: State! }
            enum State { INCOMPLETE COMPLETE COMPLETE_PASS COMPLETE_FAIL }
            """;

    private static final String QUERY = "{ courseCompletionReport { rows { user { id } progress completions { state } }"
            + " endCursor hasNextPage } }";

    public static void main(String[] args) throws Exception {
        // The accessors load our records through the context class loader, as SmallRye's do.
        Thread.currentThread().setContextClassLoader(ExecutionBench.class.getClassLoader());
        Report page = page();
        GraphQLSchema schema = schema(page);
        Instrumentation documentLevel = newInstance("org.activitycompletion.graphql.fastpath.DocumentLevel",
                new Class<?>[] { Instrumentation.class }, new ChainedInstrumentation(List.of()));
        ExecutionStrategy plain = newInstance("org.activitycompletion.graphql.fastpath.PlainExecution",
                new Class<?>[] { DataFetcherExceptionHandler.class }, new ExceptionHandler());
        // Parsed and validated once, as SmallRye's query cache does.
        Map<String, PreparsedDocumentEntry> parsed = new ConcurrentHashMap<>();
        PreparsedDocumentProvider cache = (input, parse) -> CompletableFuture
                .completedFuture(parsed.computeIfAbsent(input.getQuery(), query -> parse.apply(input)));
        GraphQL graphQLJava = GraphQL.newGraphQL(schema).instrumentation(documentLevel).preparsedDocumentProvider(cache)
                .queryExecutionStrategy(new AsyncExecutionStrategy(new ExceptionHandler())).build();
        GraphQL plainExecution = GraphQL.newGraphQL(schema).instrumentation(documentLevel).preparsedDocumentProvider(cache)
                .queryExecutionStrategy(plain).build();
        Map<String, Object> expected = graphQLJava.execute(QUERY).toSpecification();
        if (!expected.equals(plainExecution.execute(QUERY).toSpecification()) || expected.containsKey("errors")) {
            throw new AssertionError("the two strategies give different results: " + expected.toString().substring(0, Math.min(300, expected.toString().length())));
        }
        int rounds = Integer.parseInt(args.length > 0 ? args[0] : "12");
        for (int round = 1; round <= rounds; round++) {
            long before = time(graphQLJava), after = time(plainExecution);
            System.out.printf("round %2d: graphql-java %6.0f µs, PlainExecution %6.0f µs per page%n", round, before / 1e3,
                    after / 1e3);
        }
    }

    private static long time(GraphQL graphQL) {
        int pages = 200;
        long sink = 0, start = System.nanoTime();
        for (int i = 0; i < pages; i++) {
            ExecutionResult result = graphQL.execute(ExecutionInput.newExecutionInput(QUERY).build());
            sink += result.getErrors().size();
        }
        if (sink != 0) {
            throw new AssertionError("errors");
        }
        return (System.nanoTime() - start) / pages;
    }

    private static Report page() {
        List<Row> rows = new ArrayList<>();
        for (int user = 1; user <= 100; user++) {
            List<Completion> completions = new ArrayList<>();
            for (int activity = 1; activity <= 50; activity++) {
                completions.add(new Completion(State.values()[activity % 4]));
            }
            rows.add(new Row(new User(String.valueOf(1000 + user)), user * 100.0 / 150, completions));
        }
        return new Report(rows, "cursor", true);
    }

    private static GraphQLSchema schema(Report page) throws Exception {
        RuntimeWiring.Builder wiring = RuntimeWiring.newRuntimeWiring()
                .type(TypeRuntimeWiring.newTypeWiring("Query").dataFetcher("courseCompletionReport", env -> page));
        Class<?> accessor = Class.forName("org.activitycompletion.graphql.fastpath.PlainFields$Accessor");
        Constructor<?> constructor = accessor.getDeclaredConstructors()[0];
        constructor.setAccessible(true);
        for (Class<?> type : List.of(Report.class, Row.class, User.class, Completion.class)) {
            TypeRuntimeWiring.Builder fields = TypeRuntimeWiring.newTypeWiring(type.getSimpleName());
            for (var component : type.getRecordComponents()) {
                fields.dataFetcher(component.getName(),
                        (DataFetcher<?>) constructor.newInstance(type.getName(), component.getName(), null, true));
            }
            wiring.type(fields);
        }
        return new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(SDL), wiring.build());
    }

    @SuppressWarnings("unchecked")
    private static <T> T newInstance(String className, Class<?>[] parameters, Object... arguments) throws Exception {
        Constructor<?> constructor = Class.forName(className).getDeclaredConstructor(parameters);
        constructor.setAccessible(true);
        return (T) constructor.newInstance(arguments);
    }
}

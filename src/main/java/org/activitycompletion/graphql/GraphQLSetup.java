package org.activitycompletion.graphql;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.AsyncExecutionStrategy;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.DocumentAndVariables;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationCreateStateParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.execution.instrumentation.parameters.InstrumentationValidationParameters;
import graphql.language.Document;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLSchema;
import graphql.schema.visibility.BlockedFields;
import graphql.schema.visibility.DefaultGraphqlFieldVisibility;
import graphql.validation.ValidationError;
import io.smallrye.graphql.execution.error.ExceptionHandler;
import io.smallrye.graphql.spi.EventingService;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * What we add to SmallRye's graphql-java engine before it is built: the limits on query depth and
 * complexity, the error mapping of {@link GraphQLErrors}, {@code Int} and {@code Float} inputs
 * that refuse strings ({@link StrictNumbers}), and changes that only make execution
 * cheaper ({@link JsonResult}, last in the chain, lets a result be written without being copied
 * first, by SmallRye or by {@link GraphQLPost}; two more below). SmallRye finds this class
 * through {@code META-INF/services} as an {@link EventingService} and calls only
 * {@link #beforeGraphQLBuild}. (SmallRye's CDI events,
 * {@code quarkus.smallrye-graphql.events.enabled}, would also deliver the builder, but they fire
 * four more CDI events per request, each resolving its observers again: a sixth of a repeat
 * view's time.)
 * <ul>
 * <li>Every instrumentation in play (SmallRye's query cache, the limits, the error mapping, the
 * JSON view) works on the whole document or result, none on single fields. They are chained, and graphql-java
 * calls a chain at every field of the result, allocating as it goes; {@link DocumentLevel} hands
 * the chain only the document-level calls. Should SmallRye ever install an instrumentation we do
 * not know (federation tracing, say), the whole chain is kept.</li>
 * <li>With {@code quarkus.smallrye-graphql.field-visibility=default} (Quarkus' default), SmallRye
 * 2.17 installs a {@link BlockedFields} visibility with the regular expression "default", matched
 * against every field graphql-java looks up; here it is graphql-java's default visibility again,
 * which hides nothing, as "default" means. {@code no-introspection} and patterns stay as they are.</li>
 * <li>Queries run through {@link PlainExecution}, graphql-java's strategy with SmallRye's exception
 * handler, which completes lists of plain objects in one pass ({@code completion.graphql.plain-execution=false}
 * turns it off).</li>
 * </ul>
 */
public class GraphQLSetup implements EventingService {

    /** Instrumentations SmallRye may install that act on whole documents only. */
    private static final Set<String> DOCUMENT_LEVEL = Set.of("io.smallrye.graphql.execution.QueryCache",
            MaxQueryDepthInstrumentation.class.getName(), MaxQueryComplexityInstrumentation.class.getName());

    @Override
    public String getConfigKey() {
        return null; // always on
    }

    @Override
    public GraphQL.Builder beforeGraphQLBuild(GraphQL.Builder builder) {
        Config config = ConfigProvider.getConfig();
        int maxDepth = config.getOptionalValue("completion.graphql.max-depth", Integer.class).orElse(15);
        int maxComplexity = config.getOptionalValue("completion.graphql.max-complexity", Integer.class).orElse(1000);
        String fieldVisibility = config.getOptionalValue("quarkus.smallrye-graphql.field-visibility", String.class)
                .orElse("default");
        GraphQL built = builder.build();
        Instrumentation existing = built.getInstrumentation();
        Instrumentation chain = new ChainedInstrumentation(List.of(existing, new QueryLimits(maxDepth, maxComplexity),
                new GraphQLErrors.Mapper(), new JsonResult()));
        builder.instrumentation(documentLevelOnly(existing) ? new DocumentLevel(chain) : chain);
        if (built.getQueryStrategy().getClass() == AsyncExecutionStrategy.class
                && config.getOptionalValue("completion.graphql.plain-execution", Boolean.class).orElse(true)) {
            builder.queryExecutionStrategy(new PlainExecution(new ExceptionHandler()));
        }

        GraphQLSchema strict = StrictNumbers.apply(built.getGraphQLSchema());
        GraphQLCodeRegistry registry = strict.getCodeRegistry();
        if ("default".equals(fieldVisibility.strip()) && registry.getFieldVisibility() instanceof BlockedFields) {
            strict = strict.transform(s -> s.codeRegistry(registry
                    .transform(c -> c.fieldVisibility(DefaultGraphqlFieldVisibility.DEFAULT_FIELD_VISIBILITY))));
        }
        builder.schema(strict);
        return builder;
    }

    static boolean documentLevelOnly(Instrumentation instrumentation) {
        if (instrumentation instanceof ChainedInstrumentation chained) {
            return chained.getInstrumentations().stream().allMatch(GraphQLSetup::documentLevelOnly);
        }
        return DOCUMENT_LEVEL.contains(instrumentation.getClass().getName());
    }

    /** Passes a chain the calls made once per execution; the per-field calls do nothing. */
    static final class DocumentLevel extends SimplePerformantInstrumentation {
        private final Instrumentation chain;

        DocumentLevel(Instrumentation chain) {
            this.chain = chain;
        }

        @Override
        public CompletableFuture<InstrumentationState> createStateAsync(InstrumentationCreateStateParameters parameters) {
            return chain.createStateAsync(parameters);
        }

        @Override
        public InstrumentationContext<ExecutionResult> beginExecution(InstrumentationExecutionParameters parameters,
                InstrumentationState state) {
            return chain.beginExecution(parameters, state);
        }

        @Override
        public InstrumentationContext<Document> beginParse(InstrumentationExecutionParameters parameters,
                InstrumentationState state) {
            return chain.beginParse(parameters, state);
        }

        @Override
        public InstrumentationContext<List<ValidationError>> beginValidation(InstrumentationValidationParameters parameters,
                InstrumentationState state) {
            return chain.beginValidation(parameters, state);
        }

        @Override
        public InstrumentationContext<ExecutionResult> beginExecuteOperation(
                InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
            return chain.beginExecuteOperation(parameters, state);
        }

        @Override
        public ExecutionInput instrumentExecutionInput(ExecutionInput input, InstrumentationExecutionParameters parameters,
                InstrumentationState state) {
            return chain.instrumentExecutionInput(input, parameters, state);
        }

        @Override
        public DocumentAndVariables instrumentDocumentAndVariables(DocumentAndVariables documentAndVariables,
                InstrumentationExecutionParameters parameters, InstrumentationState state) {
            return chain.instrumentDocumentAndVariables(documentAndVariables, parameters, state);
        }

        @Override
        public GraphQLSchema instrumentSchema(GraphQLSchema schema, InstrumentationExecutionParameters parameters,
                InstrumentationState state) {
            return chain.instrumentSchema(schema, parameters, state);
        }

        @Override
        public ExecutionContext instrumentExecutionContext(ExecutionContext context,
                InstrumentationExecutionParameters parameters, InstrumentationState state) {
            return chain.instrumentExecutionContext(context, parameters, state);
        }

        @Override
        public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
                InstrumentationExecutionParameters parameters, InstrumentationState state) {
            return chain.instrumentExecutionResult(result, parameters, state);
        }
    }
}

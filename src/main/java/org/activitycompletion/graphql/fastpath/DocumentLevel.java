package org.activitycompletion.graphql.fastpath;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
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
import graphql.schema.GraphQLSchema;
import graphql.validation.ValidationError;

/**
 * Replaces: graphql-java's {@link ChainedInstrumentation} being called at every field of a result
 * (it allocates per field and per instrumentation even when none of them acts on fields).
 * Proven equal by: the API test suites, run with the fast path on and off ({@code ./mvnw verify}),
 * and {@code FastPathEquivalenceIT}, which compares the answers of both byte for byte.
 * <p>
 * Passes a chain the calls graphql-java makes once per execution; the per-field calls do nothing.
 * Installed only when every instrumentation in the chain acts on whole documents
 * ({@link #documentLevelOnly}): SmallRye's query cache, the limits, the error mapping, the JSON view.
 * Should SmallRye ever install one we do not know (federation tracing, say), the whole chain is kept.
 */
final class DocumentLevel extends SimplePerformantInstrumentation {

    /** Instrumentations SmallRye may install that act on whole documents only. */
    private static final Set<String> DOCUMENT_LEVEL = Set.of("io.smallrye.graphql.execution.QueryCache",
            MaxQueryDepthInstrumentation.class.getName(), MaxQueryComplexityInstrumentation.class.getName());

    private final Instrumentation chain;

    DocumentLevel(Instrumentation chain) {
        this.chain = chain;
    }

    /** True when the instrumentation (or every one of a chain) acts on whole documents only. */
    static boolean documentLevelOnly(Instrumentation instrumentation) {
        if (instrumentation instanceof ChainedInstrumentation chained) {
            return chained.getInstrumentations().stream().allMatch(DocumentLevel::documentLevelOnly);
        }
        return DOCUMENT_LEVEL.contains(instrumentation.getClass().getName());
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

package org.activitycompletion.graphql;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import graphql.ExecutionResult;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.OperationDefinition;

/**
 * Limits on query depth and complexity (graphql-java's own checks), remembered per operation:
 * both walk the whole operation, which for a small mutation took as long as running it. An
 * operation that passed once passes again with the same variables, and SmallRye's query cache
 * hands out the same parsed document for the same query text, so the walk runs once per
 * (operation, variables). Only passes are remembered, at most {@link #REMEMBERED} at a time, and
 * only while the execution machinery is on ({@code completion.graphql.fast-path.enabled}): without
 * it every operation is walked, as graphql-java's instrumentations alone would walk it.
 */
final class QueryLimits extends SimplePerformantInstrumentation {

    static final int REMEMBERED = 4096;

    private final MaxQueryDepthInstrumentation depth;
    private final MaxQueryComplexityInstrumentation complexity;
    private final Map<Passed, Boolean> passed = new ConcurrentHashMap<>();
    private final boolean remember;

    QueryLimits(int maxDepth, int maxComplexity, boolean remember) {
        this.depth = new MaxQueryDepthInstrumentation(maxDepth);
        this.complexity = new MaxQueryComplexityInstrumentation(maxComplexity);
        this.remember = remember;
    }

    /** An operation of a parsed document (compared by identity) with its variables. */
    private record Passed(OperationDefinition operation, Map<String, Object> variables) {
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(InstrumentationExecuteOperationParameters parameters,
            InstrumentationState state) {
        ExecutionContext context = parameters.getExecutionContext();
        Passed key = new Passed(context.getOperationDefinition(), context.getCoercedVariables().toMap());
        if (passed.containsKey(key)) {
            return null;
        }
        // Each throws graphql-java's AbortExecutionException when its limit is exceeded.
        depth.beginExecuteOperation(parameters, null);
        complexity.beginExecuteOperation(parameters, complexity.createStateAsync(null).join());
        if (!remember) {
            return null;
        }
        if (passed.size() >= REMEMBERED) {
            passed.clear();
        }
        passed.put(key, Boolean.TRUE);
        return null;
    }
}

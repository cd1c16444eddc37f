package org.activitycompletion.graphql.fastpath;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The upstream classes and members the execution machinery depends on (the list in
 * {@code docs/performance.md}, "Upgrade canary"), checked by name and signature. A Quarkus upgrade
 * that removes or changes one fails here first, naming it; then fix the machinery or ship with
 * {@code completion.graphql.fast-path.enabled=false}. Behaviour is checked by the tests each
 * machinery class names; this only says where to look.
 */
class UpstreamCanaryTest {

    /** "class#member(parameter types)"; a member without parentheses is a field; "class" alone a class. */
    static final List<String> DEPENDENCIES = List.of(
            // graphql-java: PlainExecution, DocumentLevel, FastPath
            "graphql.execution.AsyncExecutionStrategy#<init>(graphql.execution.DataFetcherExceptionHandler)",
            "graphql.execution.ExecutionStrategy#completeValueForList(graphql.execution.ExecutionContext,"
                    + "graphql.execution.ExecutionStrategyParameters,java.lang.Iterable)",
            "graphql.execution.FieldValueInfo#<init>(graphql.execution.FieldValueInfo$CompleteValueType,java.lang.Object)",
            "graphql.execution.FieldCollector#collectFields(graphql.execution.FieldCollectorParameters,"
                    + "graphql.execution.MergedField)",
            "graphql.execution.ExecutionContext#hasIncrementalSupport()",
            "graphql.execution.ExecutionContext#getInstrumentation()",
            "graphql.execution.ExecutionContext#getValueUnboxer()",
            "graphql.execution.DefaultValueUnboxer#unboxValue(java.lang.Object)",
            "graphql.execution.instrumentation.ChainedInstrumentation#getInstrumentations()",
            "graphql.execution.instrumentation.SimplePerformantInstrumentation",
            "graphql.introspection.Introspection#TypeNameMetaFieldDef",
            "graphql.schema.LightDataFetcher#get(graphql.schema.GraphQLFieldDefinition,java.lang.Object,"
                    + "java.util.function.Supplier)",
            // SmallRye GraphQL: PlainFields, CacheFirstFetchers, JsonResult, FastPath
            "io.smallrye.graphql.spi.DataFetcherService#getFieldDataFetcher(io.smallrye.graphql.schema.model.Field,"
                    + "io.smallrye.graphql.schema.model.Type,io.smallrye.graphql.schema.model.Reference)",
            "io.smallrye.graphql.spi.DataFetcherService#getUniDataFetcher(io.smallrye.graphql.schema.model.Operation,"
                    + "io.smallrye.graphql.schema.model.Type)",
            "io.smallrye.graphql.spi.EventingService#beforeGraphQLBuild(graphql.GraphQL$Builder)",
            "io.smallrye.graphql.execution.datafetcher.helper.FieldHelper#<init>(io.smallrye.graphql.schema.model.Field)",
            "io.smallrye.graphql.execution.datafetcher.helper.FieldHelper#transformOrAdaptResponse(java.lang.Object,"
                    + "graphql.schema.DataFetchingEnvironment)",
            "io.smallrye.graphql.execution.datafetcher.helper.ArgumentHelper#getArguments(graphql.schema.DataFetchingEnvironment)",
            "io.smallrye.graphql.execution.datafetcher.helper.OperationInvoker#getMethod()",
            "io.smallrye.graphql.execution.Classes#isNumberLikeType(java.lang.String)",
            "io.smallrye.graphql.execution.ExecutionResponse#getExecutionResultAsJsonObject()",
            "io.smallrye.graphql.execution.ExecutionResponse#getExecutionResult()",
            "io.smallrye.graphql.execution.ExecutionService#executeAsync(jakarta.json.JsonObject,java.util.Map,"
                    + "io.smallrye.graphql.execution.ExecutionResponseWriter)",
            "io.smallrye.graphql.execution.error.ExceptionHandler#<init>()",
            "io.smallrye.graphql.execution.QueryCache",
            "io.smallrye.graphql.spi.ClassloadingService#get()",
            "io.smallrye.graphql.spi.config.Config#isEventsEnabled()",
            // Quarkus: GraphQLPost, CacheFirstFetchers
            "io.quarkus.smallrye.graphql.runtime.SmallRyeGraphQLAbstractHandler#<init>("
                    + "io.quarkus.security.identity.CurrentIdentityAssociation,"
                    + "io.quarkus.vertx.http.runtime.CurrentVertxRequest,boolean)",
            "io.quarkus.smallrye.graphql.runtime.SmallRyeGraphQLAbstractHandler#doHandle(io.vertx.ext.web.RoutingContext)",
            "io.quarkus.smallrye.graphql.runtime.SmallRyeGraphQLAbstractHandler#getMetaData(io.vertx.ext.web.RoutingContext)",
            "io.quarkus.smallrye.graphql.runtime.SmallRyeGraphQLAbstractHandler#getExecutionService()",
            "io.quarkus.smallrye.graphql.runtime.SmallRyeGraphQLAbstractHandler#jsonReaderFactory",
            "io.quarkus.smallrye.graphql.runtime.spi.datafetcher.QuarkusUniDataFetcher#<init>("
                    + "io.smallrye.graphql.schema.model.Operation,io.smallrye.graphql.schema.model.Type)",
            "io.quarkus.smallrye.graphql.runtime.spi.datafetcher.RequestContextHelper#reactivate("
                    + "io.quarkus.arc.ManagedContext,graphql.schema.DataFetchingEnvironment)",
            // Mutiny and Quarkus core: CacheFirst
            "io.smallrye.mutiny.operators.uni.builders.UniCreateFromKnownItem#<init>(java.lang.Object)",
            "io.quarkus.runtime.BlockingOperationNotAllowedException");

    @Test
    void everyUpstreamMemberTheMachineryUsesIsThere() {
        List<String> missing = new ArrayList<>();
        for (String dependency : DEPENDENCIES) {
            try {
                if (!present(dependency)) {
                    missing.add(dependency);
                }
            } catch (ClassNotFoundException e) {
                missing.add(dependency + " (no class " + e.getMessage() + ")");
            }
        }
        assertEquals(List.of(), missing, "upstream members the fast path needs are gone or changed");
    }

    /** Would the check notice a change? A member that does not exist is reported missing. */
    @Test
    void aMissingMemberIsNoticed() throws ClassNotFoundException {
        assertEquals(false, present("graphql.execution.ExecutionStrategy#completeValueForList(java.lang.Object)"));
        assertEquals(false, present("graphql.execution.ExecutionContext#noSuchField"));
    }

    private static boolean present(String dependency) throws ClassNotFoundException {
        String[] parts = dependency.split("#", 2);
        Class<?> type = Class.forName(parts[0], false, UpstreamCanaryTest.class.getClassLoader());
        if (parts.length == 1) {
            return true;
        }
        String member = parts[1];
        int open = member.indexOf('(');
        if (open < 0) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    if (field.getName().equals(member) && !Modifier.isPrivate(field.getModifiers())) {
                        return true;
                    }
                }
            }
            return false;
        }
        String name = member.substring(0, open);
        String parameters = member.substring(open + 1, member.length() - 1);
        List<String> wanted = parameters.isEmpty() ? List.of() : Arrays.asList(parameters.split(","));
        List<Executable> candidates = new ArrayList<>();
        if (name.equals("<init>")) {
            candidates.addAll(Arrays.asList(type.getDeclaredConstructors()));
        } else {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                candidates.addAll(Arrays.asList(c.getDeclaredMethods()));
            }
            for (Class<?> i : type.getInterfaces()) {
                candidates.addAll(Arrays.asList(i.getDeclaredMethods()));
            }
        }
        for (Executable candidate : candidates) {
            boolean named = candidate instanceof Constructor<?> || ((Method) candidate).getName().equals(name);
            if (named && !Modifier.isPrivate(candidate.getModifiers())
                    && Arrays.stream(candidate.getParameterTypes()).map(Class::getName).toList().equals(wanted)) {
                return true;
            }
        }
        return false;
    }
}

package org.activitycompletion.graphql.fastpath;

import java.util.ArrayList;
import java.util.List;

import graphql.GraphQL;
import graphql.execution.AsyncExecutionStrategy;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.Instrumentation;
import graphql.schema.GraphQLSchema;
import io.smallrye.graphql.execution.error.ExceptionHandler;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The execution machinery's one switch, and where the API's setup hands it SmallRye's engine.
 * <p>
 * This package holds code that replaces, for speed, what Quarkus, SmallRye GraphQL and
 * graphql-java already do; every class says in its first lines which upstream behaviour it
 * replaces and which test proves it answers the same. None of it is needed for a correct answer:
 * {@code completion.graphql.fast-path.enabled=false} (environment
 * {@code COMPLETION_GRAPHQL_FAST_PATH_ENABLED=false}) turns all of it off at once, leaving
 * Quarkus' handler, SmallRye's fetchers and writer and graphql-java's execution strategy. An
 * upgrade that breaks the machinery can ship with the switch off. {@code ./mvnw verify} runs the API
 * test suites both ways; {@code UpstreamCanaryTest} lists the upstream classes and methods this
 * package depends on.
 * <ul>
 * <li>{@link GraphQLPost} and {@link JsonBytes}: the common POST answered and written as bytes.</li>
 * <li>{@link JsonResult}: the result handed to SmallRye's writer without being copied.</li>
 * <li>{@link PlainExecution}: lists of plain objects completed in one pass.</li>
 * <li>{@link PlainFields}: record components read without SmallRye's per-field context.</li>
 * <li>{@link CacheFirst} and {@link CacheFirstFetchers}: operations the caches can answer run on
 * the event loop.</li>
 * <li>{@link DocumentLevel}: instrumentation called once per document, not at every field.</li>
 * </ul>
 */
public final class FastPath {

    /** The configuration key of the switch; on by default. */
    public static final String ENABLED = "completion.graphql.fast-path.enabled";

    private FastPath() {
    }

    /** Whether the machinery runs; read from the configuration each time (it is asked at start-up). */
    public static boolean enabled() {
        return ConfigProvider.getConfig().getOptionalValue(ENABLED, Boolean.class).orElse(true);
    }

    /**
     * Completes SmallRye's engine builder with the API's own instrumentations and schema, adding the
     * machinery when the switch is on.
     *
     * @param builder the builder SmallRye hands over, not yet changed
     * @param built   that builder built once, to read what SmallRye put in
     * @param api     the API's instrumentations (limits, error mapping), run after SmallRye's own
     * @param schema  the schema the API wants (SmallRye's, with its input rules)
     */
    public static GraphQL.Builder install(GraphQL.Builder builder, GraphQL built, List<Instrumentation> api,
            GraphQLSchema schema) {
        return install(builder, built, api, schema, enabled());
    }

    static GraphQL.Builder install(GraphQL.Builder builder, GraphQL built, List<Instrumentation> api,
            GraphQLSchema schema, boolean enabled) {
        Instrumentation existing = built.getInstrumentation();
        List<Instrumentation> chain = new ArrayList<>();
        chain.add(existing);
        chain.addAll(api);
        if (!enabled) {
            return builder.instrumentation(new ChainedInstrumentation(chain)).schema(schema);
        }
        chain.add(new JsonResult()); // last: the data it hands on is what the writers read
        ChainedInstrumentation chained = new ChainedInstrumentation(chain);
        builder.instrumentation(DocumentLevel.documentLevelOnly(existing) ? new DocumentLevel(chained) : chained);
        if (built.getQueryStrategy().getClass() == AsyncExecutionStrategy.class) {
            builder.queryExecutionStrategy(new PlainExecution(new ExceptionHandler()));
        }
        return builder.schema(schema);
    }

    /** The handler that answers the common GraphQL POST, or null when the switch is off. */
    public static io.vertx.core.Handler<RoutingContext> postHandler() {
        return enabled() ? GraphQLPost.create() : null;
    }
}
